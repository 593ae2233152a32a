namespace VvsNotebook.Manifests;

/// <summary>
/// A data file that cannot be provided: not found anywhere and not downloadable, or present with the wrong bytes.
/// The message names the file, the algorithm with the expected (and actual) hash, and where to put a correct copy.
/// </summary>
public sealed class DataFileException(string message, Exception? inner = null) : IOException(message, inner);

/// <summary>A manifest or experiment file that does not parse or does not validate.</summary>
public sealed class ManifestFormatException(string message, Exception? inner = null) : FormatException(message, inner);
