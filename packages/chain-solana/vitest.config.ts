import { defineConfig } from "vitest/config";
import { packageTestConfig } from "../../vitest.aliases.js";

export default defineConfig(packageTestConfig());
