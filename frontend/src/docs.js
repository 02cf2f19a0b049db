// Starts Swagger UI on /docs from a file, not an inline script: the server's CSP allows only
// scripts from its own origin, and the Swagger UI assets are served locally too.
window.addEventListener("load", () => {
  window.ui = window.SwaggerUIBundle({
    url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis], layout: "BaseLayout",
  });
});
