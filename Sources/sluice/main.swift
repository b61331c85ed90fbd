import Foundation
import SluiceCLI

exit(SluiceTool.main(Array(CommandLine.arguments.dropFirst())))
