/// A complete HTTP/1.1 response of the metrics server, rendered to bytes at once.
struct HTTPResponse {
    var status: Int
    var reason: String
    var contentType = "text/plain; charset=utf-8"
    var body: String
    var extraHeaders: [(String, String)] = []

    /// Renders the response; `includeBody` is false for HEAD, which still reports the body's length.
    func bytes(includeBody: Bool) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(reason)\r\n"
        head += "Content-Type: \(contentType)\r\n"
        head += "Content-Length: \(body.utf8.count)\r\n"
        for (name, value) in extraHeaders {
            head += "\(name): \(value)\r\n"
        }
        head += "Connection: close\r\n\r\n"
        var bytes = Array(head.utf8)
        if includeBody {
            bytes.append(contentsOf: body.utf8)
        }
        return bytes
    }

    static func plain(_ status: Int, _ reason: String) -> HTTPResponse {
        HTTPResponse(status: status, reason: reason, body: reason.lowercased() + "\n")
    }
}
