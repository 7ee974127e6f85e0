namespace MarketMaking.Testing;

/// <summary>Locates <c>../shared</c> (fixtures and real recordings) beside the repository, from any test output folder.</summary>
internal static class SharedPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    public static string Root => s_root.Value;

    public static string Fixture(string relativePath) => Path.Combine(Root, "fixtures", relativePath);

    public static string Data(string relativePath) => Path.Combine(Root, "data", relativePath);

    public static string RepositoryRoot => FindRepositoryRoot();

    private static string FindRoot()
    {
        var repository = FindRepositoryRoot();
        var candidate = Path.GetFullPath(Path.Combine(repository, "..", "shared"));
        return Directory.Exists(Path.Combine(candidate, "fixtures"))
            ? candidate
            : throw new DirectoryNotFoundException($"Expected the shared fixtures and data at {candidate}.");
    }

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
