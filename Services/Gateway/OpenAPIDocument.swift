import Foundation

/// The OpenAPI 3 description of the API, served at `/api/v1/openapi.json`; a test keeps it equal to the routes served.
enum OpenAPIDocument {
    /// One operation of the document.
    struct Operation {
        let method: String
        let path: String
        let summary: String
        var query: [[String: Any]] = []
        var body: [String: Any]?
        var success = 200
        var authenticated = true
        /// What an error status means on this operation, where it says more than the general description.
        var errors: [String: String] = [:]
    }

    /// Error statuses every operation may answer, with what they mean.
    static let errorDescriptions = [
        "400": "invalid request: the message names the field or parameter", "401": "missing or unknown API token",
        "404": "no such object in this workspace", "409": "conflicts with the object's current state",
        "413": "request body too large", "429": "rate limited; retry after Retry-After seconds",
        "503": "a service is unavailable; retry after Retry-After seconds", "504": "a service did not answer in time",
    ]

    static let keyRejected = ["400": "invalid request, or Stripe refused api_key (code api_key_rejected)"]

    static let syncRefused = ["409": "cannot sync: the Stripe connection is not active (never connected, disconnected, "
                                     + "or its key invalid); no run is recorded"]

    static let bytes: [UInt8] = JSONOutput.encode(document)

    static var operations: [Operation] { [
        Operation(method: "get", path: "/api/v1/stripe/connection", summary: "The Stripe connection of the workspace"),
        Operation(method: "post", path: "/api/v1/stripe/connection", summary: "Connect a Stripe account with a secret or restricted key",
                  body: object(["api_key": string(minLength: 1), "account_id": string(), "account_name": string()], required: ["api_key"]),
                  success: 201, errors: keyRejected),
        Operation(method: "post", path: "/api/v1/stripe/connection/api-key", summary: "Rotate the API key (same account and mode)",
                  body: object(["api_key": string(minLength: 1)], required: ["api_key"]), errors: keyRejected),
        Operation(method: "delete", path: "/api/v1/stripe/connection", summary: "Disconnect: stop all sync, keep the data"),
        Operation(method: "get", path: "/api/v1/stripe/customers", summary: "Stripe customers with their match status",
                  query: [enumQuery("match_status", ["matched", "not_matched", "deleted"]), stringQuery("q")] + pageQuery),
        Operation(method: "get", path: "/api/v1/stripe/customers/summary", summary: "Counts for the banner and the last run"),
        Operation(method: "get", path: "/api/v1/stripe/customers/sync-runs", summary: "The latest customer sync runs",
                  query: pageQuery),
        Operation(method: "post", path: "/api/v1/stripe/customers/sync", summary: "Sync customers now (joins a running sync)",
                  body: object(["wait": ["type": "boolean"]], required: []), success: 202, errors: syncRefused),
        Operation(method: "post", path: "/api/v1/stripe/customers/{stripe_id}/link", summary: "Link to a Veles customer",
                  body: object(["veles_customer_id": string(minLength: 1)], required: ["veles_customer_id"])),
        Operation(method: "delete", path: "/api/v1/stripe/customers/{stripe_id}/link", summary: "Unlink (never auto-linked again)"),
        Operation(method: "post", path: "/api/v1/stripe/customers/{stripe_id}/create-customer",
                  summary: "Create a Veles customer from the Stripe customer and link them", success: 201),
        Operation(method: "get", path: "/api/v1/stripe/products", summary: "Stripe products with their match status",
                  query: [enumListQuery("match_status", ["name_match", "import", "manual", "not_matched", "ignored"]),
                          enumQuery("active", ["true", "false"]), enumQuery("flagged", ["true", "false"]),
                          enumQuery("sort", ["created", "-created"]), stringQuery("q")] + pageQuery),
        Operation(method: "get", path: "/api/v1/stripe/products/summary", summary: "Counts by match status and the last run"),
        Operation(method: "get", path: "/api/v1/stripe/products/sync-runs", summary: "The latest product sync runs",
                  query: pageQuery),
        Operation(method: "post", path: "/api/v1/stripe/products/sync", summary: "Sync products now (joins a running sync)",
                  body: object(["wait": ["type": "boolean"], "full": ["type": "boolean"]], required: []), success: 202,
                  errors: syncRefused),
        Operation(method: "get", path: "/api/v1/stripe/products/{stripe_id}", summary: "One Stripe product with its prices"),
        Operation(method: "post", path: "/api/v1/stripe/products/{stripe_id}/match", summary: "Match to an existing Veles product",
                  body: object(["veles_product_id": string(minLength: 1)], required: ["veles_product_id"])),
        Operation(method: "post", path: "/api/v1/stripe/products/{stripe_id}/import", summary: "Import into the price book",
                  success: 201),
        Operation(method: "post", path: "/api/v1/stripe/products/{stripe_id}/ignore", summary: "Ignore (not relevant to quoting)"),
        Operation(method: "post", path: "/api/v1/stripe/products/{stripe_id}/unignore", summary: "Stop ignoring"),
        Operation(method: "delete", path: "/api/v1/stripe/products/{stripe_id}/link", summary: "Unlink (never name-matched again)"),
        Operation(method: "put", path: "/api/v1/veles/customers", summary: "Upsert Veles customers (batch of at most 1000)",
                  body: object(["customers": ["type": "array", "maxItems": 1000, "items": object([
                      "id": string(minLength: 1), "name": string(minLength: 1), "domains": stringArray,
                      "contact_emails": stringArray, "billing_email": string(),
                  ], required: ["id", "name"])]], required: ["customers"])),
        Operation(method: "get", path: "/api/v1/veles/customers/{id}", summary: "One Veles customer and its Stripe customers"),
        Operation(method: "put", path: "/api/v1/veles/products", summary: "Upsert Veles products with pricing plans (batch of at most 1000)",
                  body: object(["products": ["type": "array", "maxItems": 1000, "items": object([
                      "id": string(minLength: 1), "name": string(minLength: 1), "sku": string(minLength: 1),
                      "description": string(), "category": string(), "unit_label": string(),
                      "status": ["type": "string", "enum": ["active", "inactive"]],
                      "custom_fields": ["type": "object", "additionalProperties": ["type": "string"]],
                      "plans": ["type": "array", "items": ["type": "object"]],
                  ], required: ["id", "name", "sku"])]], required: ["products"])),
        Operation(method: "get", path: "/api/v1/veles/products/{id}", summary: "One Veles product with its pricing plans"),
        Operation(method: "patch", path: "/api/v1/veles/products/{id}", summary: "Set the unit-of-measure label",
                  body: object(["unit_label": string()], required: ["unit_label"])),
        Operation(method: "get", path: "/healthz", summary: "Each service and its live workers", authenticated: false),
        Operation(method: "get", path: "/readyz", summary: "Whether this gateway can serve", authenticated: false),
        Operation(method: "get", path: "/api/v1/openapi.json", summary: "This document", authenticated: false),
        Operation(method: "post", path: "/webhooks/stripe/{connection_id}", summary: "Stripe webhook deliveries (signed)",
                  body: ["type": "object"], authenticated: false),
    ] }

    static var document: [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for operation in operations {
            var entry: [String: Any] = [
                "summary": operation.summary,
                "operationId": operation.method + operation.path.replacingOccurrences(of: "/", with: "_")
                    .replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")
                    .replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: ".", with: "_"),
                "responses": responses(operation),
            ]
            var parameters = operation.query
            for name in pathParameters(operation.path) {
                parameters.append(["name": name, "in": "path", "required": true,
                                   "schema": ["type": "string", "minLength": 1, "maxLength": 255]])
            }
            if operation.path.hasPrefix("/webhooks/") {
                parameters.append(["name": "Stripe-Signature", "in": "header", "required": true, "schema": ["type": "string"]])
            }
            if !parameters.isEmpty { entry["parameters"] = parameters }
            if let body = operation.body {
                entry["requestBody"] = ["required": operation.method != "post" || !(body["required"] as? [String] ?? []).isEmpty,
                                        "content": ["application/json": ["schema": body]]]
            }
            if !operation.authenticated { entry["security"] = [[String: Any]]() }
            paths[operation.path, default: [:]][operation.method] = entry
        }
        return [
            "openapi": "3.0.3",
            "info": ["title": "Veles Stripe integration API", "version": "1.0.0",
                     "description": "Connection, customers and products of one workspace; bearer tokens are scoped to a workspace."],
            "servers": [["url": "/"]],
            "security": [["bearerAuth": [String]()]],
            "components": [
                "securitySchemes": ["bearerAuth": ["type": "http", "scheme": "bearer"]],
                "schemas": ["Error": object(["error": object(["code": string(), "message": string()], required: ["code", "message"])],
                                            required: ["error"])],
            ],
            "paths": paths,
        ]
    }

    private static func responses(_ operation: Operation) -> [String: Any] {
        func error(_ status: String) -> [String: Any] {
            var response: [String: Any] = ["description": operation.errors[status] ?? errorDescriptions[status] ?? "error",
                                           "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]
            if status == "401" {
                response["headers"] = ["WWW-Authenticate": [
                    "description": #"Bearer realm="veles", with error="invalid_token" when the token sent was refused"#,
                    "schema": ["type": "string"]]]
            }
            return response
        }
        var responses: [String: Any] = [String(operation.success): ["description": "success",
                                                                   "content": ["application/json": ["schema": ["type": "object"]]]]]
        if operation.success != 200 { responses["200"] = ["description": "success (nothing new was created)"] }
        var statuses = operation.authenticated ? ["400", "401", "404", "409", "429", "503", "504"] : ["400", "503"]
        if operation.body != nil || operation.path.hasPrefix("/webhooks/") { statuses.append("413") }
        for status in statuses { responses[status] = error(status) }
        return responses
    }

    private static func pathParameters(_ path: String) -> [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
    }

    private static func object(_ properties: [String: Any], required: [String]) -> [String: Any] {
        var schema: [String: Any] = ["type": "object", "properties": properties, "additionalProperties": false]
        if !required.isEmpty { schema["required"] = required }
        return schema
    }

    private static func string(minLength: Int = 0) -> [String: Any] {
        minLength > 0 ? ["type": "string", "minLength": minLength] : ["type": "string"]
    }

    private static var stringArray: [String: Any] { ["type": "array", "items": ["type": "string"]] }

    private static func stringQuery(_ name: String) -> [String: Any] {
        ["name": name, "in": "query", "required": false, "schema": ["type": "string"]]
    }

    private static func enumQuery(_ name: String, _ values: [String]) -> [String: Any] {
        ["name": name, "in": "query", "required": false, "schema": ["type": "string", "enum": values]]
    }

    /// Several of `values`, comma-separated (`?match_status=import,manual`): OpenAPI's form style, not exploded.
    private static func enumListQuery(_ name: String, _ values: [String]) -> [String: Any] {
        ["name": name, "in": "query", "required": false, "style": "form", "explode": false,
         "schema": ["type": "array", "items": ["type": "string", "enum": values]]]
    }

    private static var pageQuery: [[String: Any]] { [
        ["name": "limit", "in": "query", "required": false, "schema": ["type": "integer", "minimum": 1, "maximum": 200]],
        ["name": "cursor", "in": "query", "required": false, "schema": ["type": "string"]],
    ] }
}
