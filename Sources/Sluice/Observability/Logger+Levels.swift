extension Logger {
    /// Writes a ``Level/trace`` entry; see ``log(level:_:metadata:file:function:line:)``.
    public func trace(
        _ message: @autoclosure () -> String,
        metadata: @autoclosure () -> Metadata? = nil,
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) {
        log(level: .trace, message(), metadata: metadata(), file: file, function: function, line: line)
    }

    /// Writes a ``Level/debug`` entry; see ``log(level:_:metadata:file:function:line:)``.
    public func debug(
        _ message: @autoclosure () -> String,
        metadata: @autoclosure () -> Metadata? = nil,
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) {
        log(level: .debug, message(), metadata: metadata(), file: file, function: function, line: line)
    }

    /// Writes an ``Level/info`` entry; see ``log(level:_:metadata:file:function:line:)``.
    public func info(
        _ message: @autoclosure () -> String,
        metadata: @autoclosure () -> Metadata? = nil,
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) {
        log(level: .info, message(), metadata: metadata(), file: file, function: function, line: line)
    }

    /// Writes a ``Level/notice`` entry; see ``log(level:_:metadata:file:function:line:)``.
    public func notice(
        _ message: @autoclosure () -> String,
        metadata: @autoclosure () -> Metadata? = nil,
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) {
        log(level: .notice, message(), metadata: metadata(), file: file, function: function, line: line)
    }

    /// Writes a ``Level/warning`` entry; see ``log(level:_:metadata:file:function:line:)``.
    public func warning(
        _ message: @autoclosure () -> String,
        metadata: @autoclosure () -> Metadata? = nil,
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) {
        log(level: .warning, message(), metadata: metadata(), file: file, function: function, line: line)
    }

    /// Writes an ``Level/error`` entry; see ``log(level:_:metadata:file:function:line:)``.
    public func error(
        _ message: @autoclosure () -> String,
        metadata: @autoclosure () -> Metadata? = nil,
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) {
        log(level: .error, message(), metadata: metadata(), file: file, function: function, line: line)
    }

    /// Writes a ``Level/critical`` entry; see ``log(level:_:metadata:file:function:line:)``.
    public func critical(
        _ message: @autoclosure () -> String,
        metadata: @autoclosure () -> Metadata? = nil,
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) {
        log(level: .critical, message(), metadata: metadata(), file: file, function: function, line: line)
    }
}
