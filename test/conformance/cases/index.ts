// Every conformance category, in the order the suite and the bench report them.
import type { Category } from "../runner.js";
import { choice, context } from "./choice-context.js";
import { errors } from "./errors.js";
import { intrinsics } from "./intrinsics.js";
import { jsonata, validation, variables } from "./jsonata-variables.js";
import { jsonpath } from "./jsonpath.js";
import { map, parallel, wait } from "./map-parallel-wait.js";

export const categories: Category[] = [jsonpath, intrinsics, choice, context, errors, map, parallel, wait, jsonata, variables, validation];
