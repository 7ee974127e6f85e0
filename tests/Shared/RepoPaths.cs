namespace MarketMaking.Testing;

/// <summary>
/// Locates the repository's test fixtures (<c>tests/fixtures</c>) and recordings (<c>data</c>) from any test or
/// benchmark output folder. A missing file fails at once with its path, never later as a time-out.
/// </summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(FindRepositoryRoot);

    /// <summary>Gets the repository's root (the folder of <c>MarketMaking.sln</c>).</summary>
    public static string RepositoryRoot => s_root.Value;

    /// <summary>Gets the path of a protocol fixture.</summary>
    /// <param name="relativePath">The path under <c>tests/fixtures</c>, for example <c>kraken/ws-heartbeat.json</c>.</param>
    /// <returns>The full path of an existing file.</returns>
    /// <exception cref="FileNotFoundException">The fixture is not in the repository.</exception>
    public static string Fixture(string relativePath) => Existing(Path.Combine(RepositoryRoot, "tests", "fixtures", relativePath));

    /// <summary>Gets the path of a recording or a folder of recordings.</summary>
    /// <param name="relativePath">The path under <c>data</c>, for example <c>hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz</c>.</param>
    /// <returns>The full path of an existing file or folder.</returns>
    /// <exception cref="FileNotFoundException">The recording is not in the repository.</exception>
    public static string Data(string relativePath) => Existing(Path.Combine(RepositoryRoot, "data", relativePath));

    /// <summary>Gets the path of the sample's JoinTheTouch strategy as built for the calling test project (<c>tests/JoinTheTouch.Sample</c>, referenced without its output).</summary>
    /// <returns>The full path of the built <c>JoinTheTouch.dll</c> of the same configuration and framework.</returns>
    /// <exception cref="FileNotFoundException">It is not built.</exception>
    public static string JoinTheTouchAssembly()
    {
        // A test's output is tests/PROJECT/bin/CONFIGURATION/TFM/: the sample's sits beside it.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(RepositoryRoot, "tests", "JoinTheTouch.Sample", "bin", output.Parent!.Name, output.Name, "JoinTheTouch.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Not built: {path}", path);
    }

    private static string Existing(string path) =>
        File.Exists(path) || Directory.Exists(path) ? path : throw new FileNotFoundException($"Not in the repository: {path}", path);

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MarketMaking.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("MarketMaking.sln not found above " + AppContext.BaseDirectory);
    }
}
