/* Starts Swagger UI (served locally from the swagger-ui-bundle package) on /openapi.json. */
window.addEventListener("load", function () {
  "use strict";
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
