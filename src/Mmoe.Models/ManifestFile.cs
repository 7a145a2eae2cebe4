namespace Mmoe.Models;

/// <summary>One file of a model folder, with its size in bytes and lower-case hex SHA-256.</summary>
public sealed record ManifestFile(string Path, long Bytes, string Sha256);
