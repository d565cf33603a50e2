import Foundation
import HTTPServer

/// A request body parsed as a JSON object, with typed reads that name the field when it is missing or of the wrong type.
struct JSONInput {
    let object: [String: Any]

    /// Parses the body; an empty body is an empty object when `allowEmpty`.
    init(_ request: HTTPRequest, allowEmpty: Bool = false) throws {
        if request.body.isEmpty || request.body.allSatisfy({ $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }) {
            guard allowEmpty else { throw APIError.badRequest("the request needs a JSON object body") }
            object = [:]
            return
        }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(request.body), options: [.fragmentsAllowed])
        } catch {
            throw APIError.badRequest("the body is not valid JSON: \(Self.parseProblem(error))")
        }
        guard let dictionary = parsed as? [String: Any] else {
            throw APIError.badRequest("the body must be a JSON object")
        }
        object = dictionary
    }

    init(object: [String: Any]) {
        self.object = object
    }

    func requiredString(_ field: String) throws -> String {
        guard let value = object[field], !(value is NSNull) else {
            throw APIError.badRequest("field '\(field)' is required")
        }
        guard let text = value as? String, !Self.isBoolean(value) else {
            throw APIError.badRequest("field '\(field)' must be a string")
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw APIError.badRequest("field '\(field)' must not be empty")
        }
        return text
    }

    func optionalString(_ field: String) throws -> String? {
        guard let value = object[field], !(value is NSNull) else { return nil }
        guard let text = value as? String else { throw APIError.badRequest("field '\(field)' must be a string") }
        return text
    }

    func optionalBool(_ field: String) throws -> Bool? {
        guard let value = object[field], !(value is NSNull) else { return nil }
        guard Self.isBoolean(value), let flag = value as? Bool else {
            throw APIError.badRequest("field '\(field)' must be true or false")
        }
        return flag
    }

    func stringList(_ field: String) throws -> [String] {
        guard let value = object[field], !(value is NSNull) else { return [] }
        guard let list = value as? [Any] else { throw APIError.badRequest("field '\(field)' must be a list of strings") }
        return try list.enumerated().map { index, item in
            guard let text = item as? String else { throw APIError.badRequest("field '\(field)[\(index)]' must be a string") }
            return text
        }
    }

    func stringMap(_ field: String) throws -> [String: String] {
        guard let value = object[field], !(value is NSNull) else { return [:] }
        guard let map = value as? [String: Any] else { throw APIError.badRequest("field '\(field)' must be an object of strings") }
        var result: [String: String] = [:]
        for (key, item) in map {
            guard let text = item as? String else { throw APIError.badRequest("field '\(field).\(key)' must be a string") }
            result[key] = text
        }
        return result
    }

    func objectList(_ field: String) throws -> [JSONInput] {
        guard let value = object[field] else { throw APIError.badRequest("field '\(field)' is required") }
        guard let list = value as? [Any] else { throw APIError.badRequest("field '\(field)' must be a list of objects") }
        return try list.enumerated().map { index, item in
            guard let nested = item as? [String: Any] else {
                throw APIError.badRequest("field '\(field)[\(index)]' must be an object")
            }
            return JSONInput(object: nested)
        }
    }

    func optionalInt(_ field: String) throws -> Int64? {
        guard let value = object[field], !(value is NSNull) else { return nil }
        guard !Self.isBoolean(value), let number = value as? NSNumber, number.doubleValue.rounded() == number.doubleValue else {
            throw APIError.badRequest("field '\(field)' must be a whole number")
        }
        return number.int64Value
    }

    /// Rejects fields the route does not know, so a typo never passes silently.
    func onlyFields(_ allowed: Set<String>) throws {
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError.badRequest("unknown field '\(unknown)'")
        }
    }

    /// Where Foundation's parser gave up, in its own words (it names the position), without echoing the body.
    static func parseProblem(_ error: any Error) -> String {
        let info = (error as NSError).userInfo
        let detail = (info[NSDebugDescriptionErrorKey] as? String) ?? (error as NSError).localizedDescription
        return String(detail.prefix(200))
    }

    /// Foundation parses JSON true/false and numbers both as NSNumber (and `1 is Bool` holds); only the boolean
    /// singleton's class tells them apart, on Linux as on Darwin.
    static func isBoolean(_ value: Any) -> Bool {
        guard value is NSNumber else { return false }
        let name = String(describing: type(of: value))
        return name == "__NSCFBoolean" || name == "Bool"
    }
}
