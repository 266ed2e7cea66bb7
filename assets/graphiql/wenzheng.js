// wenzheng's GraphiQL page: renders GraphiQL (loaded before this file from the same origin) with
// a fetcher that sends the bearer token typed into the bar above it. The token stays in this
// tab's sessionStorage; in demo mode (serve --demo) the bar also offers the printed demo tokens.
(function () {
  "use strict";
  var KEY = "wenzheng.graphiql.token";
  var mount = document.getElementById("graphiql");
  var endpoint = mount.getAttribute("data-endpoint") || "/graphql";
  var demoUrl = mount.getAttribute("data-demo-tokens");
  var form = document.getElementById("wz-auth");
  var input = document.getElementById("wz-token");
  var demo = document.getElementById("wz-demo");
  var clear = document.getElementById("wz-clear");
  var status = document.getElementById("wz-status");

  var storage = null;
  try {
    storage = window.sessionStorage;
  } catch (e) {
    storage = null; // storage disabled: the token lives only as long as the page
  }
  var memory = "";
  function getToken() {
    return (storage ? storage.getItem(KEY) : memory) || "";
  }
  function setToken(token) {
    token = token.trim().replace(/^bearer\s+/i, "");
    if (storage) {
      if (token) storage.setItem(KEY, token);
      else storage.removeItem(KEY);
    } else {
      memory = token;
    }
  }

  // GraphiQL's introspection query follows type wrappers 7 levels deep, deeper than the
  // server's MAX_DEPTH (12) allows; this one follows 4 (the schema's deepest is [X!]!).
  var TYPE_REF = "kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }";
  function introspection(withSubscriptions) {
    return (
      "query IntrospectionQuery { __schema { queryType { name } mutationType { name } " +
      (withSubscriptions ? "subscriptionType { name } " : "") +
      "types { ...FullType } directives { name description locations args { ...InputValue } } } } " +
      "fragment FullType on __Type { kind name description " +
      "fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason } " +
      "inputFields { ...InputValue } interfaces { ...TypeRef } " +
      "enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason } " +
      "possibleTypes { ...TypeRef } } " +
      "fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue } " +
      "fragment TypeRef on __Type { " + TYPE_REF + " }"
    );
  }

  function fetcherFor(token) {
    return function (params, opts) {
      if (params && params.operationName === "IntrospectionQuery") {
        params = {
          query: introspection(/subscriptionType/.test(params.query)),
          operationName: "IntrospectionQuery",
        };
      }
      var headers = {
        "Content-Type": "application/json",
        Accept: "application/graphql-response+json, application/json",
      };
      var extra = (opts && opts.headers) || {};
      var own = false;
      Object.keys(extra).forEach(function (name) {
        headers[name] = extra[name];
        if (name.toLowerCase() === "authorization") own = true;
      });
      // A header typed into GraphiQL's own Headers tab wins over the bar.
      if (token && !own) headers.Authorization = "Bearer " + token;
      return fetch(endpoint, {
        method: "POST",
        headers: headers,
        body: JSON.stringify(params),
        credentials: "omit",
      }).then(function (response) {
        return response.json();
      });
    };
  }

  function describe(token) {
    if (!token) return "anonymous";
    try {
      var part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      var claims = JSON.parse(atob(part + "===".slice((part.length + 3) % 4)));
      return [claims.role, claims.sub].filter(Boolean).join(" ") || "token set";
    } catch (e) {
      return "token set";
    }
  }

  var root = ReactDOM.createRoot(mount);
  function render() {
    var token = getToken();
    input.value = token;
    status.textContent = describe(token);
    // A new fetcher makes GraphiQL fetch the schema again, as this caller may see it.
    root.render(
      React.createElement(GraphiQL, {
        fetcher: fetcherFor(token),
        defaultEditorToolsVisibility: true,
      })
    );
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    setToken(input.value);
    demo.value = "";
    render();
  });
  clear.addEventListener("click", function () {
    setToken("");
    demo.value = "";
    render();
  });
  demo.addEventListener("change", function () {
    if (!demo.value) return;
    setToken(demo.value);
    render();
  });

  if (demoUrl) {
    fetch(demoUrl, { credentials: "omit" })
      .then(function (response) {
        return response.ok ? response.json() : { tokens: [] };
      })
      .then(function (body) {
        (body.tokens || []).forEach(function (t) {
          var option = document.createElement("option");
          option.value = t.token;
          option.textContent = t.label;
          demo.appendChild(option);
        });
        if (demo.options.length > 1) demo.hidden = false;
      })
      .catch(function () {});
  }

  render();
})();
