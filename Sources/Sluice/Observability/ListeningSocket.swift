#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A non-blocking TCP socket bound to a numeric address and listening, for ``MetricsServer``.
struct ListeningSocket {
    let fileDescriptor: Int32
    let port: Int

    /// Binds `host:port` (port 0 picks a free port) and listens.
    static func bind(host: String, port: Int) throws(MetricsServerError) -> ListeningSocket {
        let address = "\(host):\(port)"
        guard (0...65_535).contains(port) else { throw .invalidAddress(address) }

        var hints = addrinfo()
        hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE | AI_NUMERICSERV
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = socketStream
        var resolved: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &resolved) == 0, let info = resolved else {
            throw .invalidAddress(host)
        }
        defer { freeaddrinfo(resolved) }

        let descriptor = socket(info.pointee.ai_family, socketStream, 0)
        guard descriptor >= 0 else { throw .socketFailed("socket", address: address, errno: errno) }

        var enable: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &enable, socklen_t(MemoryLayout<Int32>.size))
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        _ = fcntl(descriptor, F_SETFL, O_NONBLOCK)

        guard systemBind(descriptor, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            let error = errno
            close(descriptor)
            throw .socketFailed("bind", address: address, errno: error)
        }
        guard listen(descriptor, 64) == 0 else {
            let error = errno
            close(descriptor)
            throw .socketFailed("listen", address: address, errno: error)
        }

        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else {
            let error = errno
            close(descriptor)
            throw .socketFailed("getsockname", address: address, errno: error)
        }
        return ListeningSocket(fileDescriptor: descriptor, port: Self.port(of: storage))
    }

    private static func port(of storage: sockaddr_storage) -> Int {
        let family = Int32(storage.ss_family)
        var storage = storage
        return withUnsafePointer(to: &storage) { pointer in
            if family == AF_INET6 {
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    Int(UInt16(bigEndian: $0.pointee.sin6_port))
                }
            } else {
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    Int(UInt16(bigEndian: $0.pointee.sin_port))
                }
            }
        }
    }
}

#if canImport(Darwin)
    private let systemBind = Darwin.bind
#elseif canImport(Musl)
    private let systemBind = Musl.bind
#else
    private let systemBind = Glibc.bind
#endif

#if canImport(Glibc)
    /// `SOCK_STREAM`, which Glibc imports as an enum case.
    let socketStream = Int32(SOCK_STREAM.rawValue)
#else
    /// `SOCK_STREAM`.
    let socketStream = SOCK_STREAM
#endif
