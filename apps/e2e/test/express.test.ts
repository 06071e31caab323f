import express from "express";
import express4 from "express4";
import { describeServerConformance } from "./conformance.js";
import { serveExpressApp } from "./express-app.js";

describeServerConformance("express 5", (parameters) =>
  serveExpressApp(express, parameters.options, parameters),
);
describeServerConformance("express 4", (parameters) =>
  serveExpressApp(express4 as unknown as typeof express, parameters.options, parameters),
);
