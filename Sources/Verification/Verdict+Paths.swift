import Foundation

extension Verdict {
  /// The result with the files it names (model, specification, listed
  /// inputs) given relative to `folder` instead of the current directory,
  /// for writing it into `folder`: a certificate then names its files
  /// relative to itself, and can be moved with them or re-checked from
  /// anywhere. Absolute paths stay absolute.
  public func pathsRelative(to folder: String) -> Verdict {
    let base = FilePath.absolute(folder)
    return mappingPaths { path in
      path.hasPrefix("/") ? path : FilePath.relative(FilePath.absolute(path), from: base)
    }
  }

  /// The result with the relative paths it names read against `folder`
  /// (the folder of the result file) and given as the current directory
  /// sees them. A path that names nothing there is kept as written (a
  /// result written before paths were relative to their file, or one
  /// printed with `--json` from the directory it names its files from).
  public func pathsResolved(against folder: String) -> Verdict {
    mappingPaths { path in
      guard !path.hasPrefix("/") else { return path }
      let joined = FilePath.normalized(folder.isEmpty ? path : folder + "/" + path)
      return FileManager.default.fileExists(atPath: joined) ? joined : path
    }
  }

  /// The result with `transform` applied to each file path it names.
  func mappingPaths(_ transform: (String) -> String) -> Verdict {
    var copy = self
    copy.model.path = model.path.map(transform)
    copy.specification.path = specification.path.map(transform)
    if let source = inputSpace.inputsSource, source != "expected" {
      copy.inputSpace.inputsSource = transform(source)
    }
    return copy
  }
}
