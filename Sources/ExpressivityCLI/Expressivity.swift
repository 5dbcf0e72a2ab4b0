import ArgumentParser

/// The `expressivity` command: RASP, exact compilation, constructions, verification.
@main
struct Expressivity: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "expressivity",
    abstract: "Exact transformers: run RASP, compile it to exact rational weights, verify.",
    version: ToolVersion.current,
    subcommands: [
      RunCommand.self,
      CompleteCommand.self,
      InspectCommand.self,
      ConstructCommand.self,
      CheckCommand.self,
      TableCommand.self,
      EvalCommand.self,
      AnalyseCommand.self,
      ReplCommand.self,
      CompileCommand.self,
      VerifyCommand.self,
      MergeCommand.self,
      PrecisionCommand.self,
      ExportCommand.self,
      ImportCommand.self,
      DrawCommand.self,
    ])
}

/// The version printed by `--version` and recorded in certificates.
enum ToolVersion {
  static let current = "0.1.0"
}
