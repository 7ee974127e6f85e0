using System.Text;

namespace MarketMaking.Simulation.Reporting;

/// <summary>A report's file, written as a new file where an earlier run's may be.</summary>
/// <remarks>
/// The earlier file is deleted and the new one created, never truncated nor renamed over: ext4 (its
/// <c>auto_da_alloc</c>) starts writing such a file to disk as it is closed, and deleting it later (at the next run into
/// the folder) then takes milliseconds for the 3.7 MB page; a file created anew costs neither. A report is no crash-safe
/// record (the journal is the run's), and deleted first it is never half-written over the earlier one.
/// </remarks>
internal static class ReportFile
{
    /// <summary>UTF-8 without a byte-order mark, as <see cref="File.WriteAllText(string, string?)"/> writes.</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Deletes the file at a path, where there, and creates it anew.</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The new file, open for writing.</returns>
    /// <exception cref="IOException">The file cannot be deleted or created.</exception>
    /// <exception cref="UnauthorizedAccessException">The path is a folder's, or not writable.</exception>
    public static FileStream Create(string path)
    {
        File.Delete(path);
        return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
    }

    /// <summary>Creates a file anew (<see cref="Create"/>) for text written as it is made, in UTF-8 without a byte-order mark.</summary>
    /// <param name="path">The file's path; an earlier file there is replaced.</param>
    /// <returns>The writer, which owns the file.</returns>
    /// <exception cref="IOException">The file cannot be created.</exception>
    public static StreamWriter CreateText(string path) => new(Create(path), Utf8, bufferSize: 1 << 16);

    /// <summary>Writes a text as a file's whole contents, in UTF-8 without a byte-order mark.</summary>
    /// <param name="path">The file's path; an earlier file there is replaced.</param>
    /// <param name="text">The contents.</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WriteAllText(string path, string text)
    {
        using var writer = CreateText(path);
        writer.Write(text);
    }

    /// <summary>Moves a file written beside to its path, where an earlier file is deleted first.</summary>
    /// <param name="written">The file written.</param>
    /// <param name="path">Its place.</param>
    public static void MoveTo(string written, string path)
    {
        File.Delete(path);
        File.Move(written, path);
    }
}
