namespace MarketMaking.Cli.Commands;

/// <summary>The folder a command writes its files to, made before the work starts so that a path that cannot be one is a bad argument.</summary>
internal static class OutputFolder
{
    /// <summary>Creates the folder (and its parents) when missing.</summary>
    /// <param name="folder">The folder, as given.</param>
    /// <returns>Why it cannot be made (a file in the way, no permission), or <see langword="null"/> when it exists now.</returns>
    public static string? Create(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return exception.Message;
        }
    }
}
