// Copies the built front-end packages from node_modules into static_build/, the folder
// Django serves as static files. Run by `npm run build` after the stylesheet is compiled.
import { cpSync, mkdirSync } from "node:fs";

const out = "static_build";
mkdirSync(`${out}/govuk`, { recursive: true });
mkdirSync(`${out}/js`, { recursive: true });
cpSync("node_modules/govuk-frontend/dist/govuk/assets", `${out}/govuk/assets`, { recursive: true });
cpSync("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", `${out}/govuk/govuk-frontend.min.js`);
cpSync("node_modules/htmx.org/dist/htmx.min.js", `${out}/js/htmx.min.js`);
