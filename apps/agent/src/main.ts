// `pnpm start [url...]`: pays the URLs (default: the example APIs' weather and joke) and exits 1 if any failed.
import { runAgent } from "./agent.js";

const urls = process.argv.slice(2);
const { failed } = await runAgent(
  urls.length > 0 ? urls : ["http://localhost:3000/api/weather", "http://localhost:3000/api/joke"],
  process.env,
  console.log,
);
process.exit(failed > 0 ? 1 : 0);
