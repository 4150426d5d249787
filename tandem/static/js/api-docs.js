/* Starts Swagger UI on /api/docs (Tandem's copy of django-ninja's swagger-ui-init.js, kept
   in a file because the site's Content-Security-Policy allows no inline script).
   Deep links are off: Swagger UI draws each one as a link inside the operation's toggle
   button, a control inside a control that screen readers and keyboards cannot use. */
(function () {
  "use strict";
  var body = document.querySelector("body").dataset;
  var config = JSON.parse(document.getElementById("swagger-settings").textContent);
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  config.deepLinking = false;
  if (body.apiCsrf && body.csrfToken) {
    config.requestInterceptor = function (req) {
      req.headers["X-CSRFToken"] = body.csrfToken;
      return req;
    };
  }
  SwaggerUIBundle(config);
})();
