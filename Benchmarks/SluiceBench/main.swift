import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--child" {
    exit(ChildMain.run(Array(arguments.dropFirst())))
}
do {
    let options = try BenchOptions.parse(arguments)
    exit(try BenchHarness(options: options).run())
} catch {
    FileHandle.standardError.write(Data("sluice-bench: \(error)\n".utf8))
    exit(1)
}
