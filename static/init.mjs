// GOV.UK Frontend's behaviour (menu toggle on small screens, error summary focus, buttons), as the
// design system asks: a module script, so browsers too old for it get the plain pages.
import { initAll } from "./govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
