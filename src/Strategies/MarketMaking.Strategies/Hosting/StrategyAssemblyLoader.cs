using System.Reflection;
using System.Runtime.Loader;

namespace MarketMaking.Strategies.Hosting;

/// <summary>
/// Loads a user's strategy assembly with its own dependencies (read from its <c>.deps.json</c>), while every assembly
/// the host already has (the MarketMaking libraries, Microsoft.Extensions) comes from the host, so that the user's
/// <see cref="MarketMaking.Strategies.IStrategy"/> is the host's type.
/// </summary>
internal sealed class StrategyAssemblyLoader : AssemblyLoadContext
{
    private readonly AssemblyDependencyResolver _resolver;

    private StrategyAssemblyLoader(string path)
        : base($"strategy:{Path.GetFileName(path)}")
    {
        _resolver = new AssemblyDependencyResolver(path);
    }

    /// <summary>Loads the assembly at a path.</summary>
    /// <param name="path">The full path of the built <c>.dll</c>.</param>
    /// <returns>The assembly.</returns>
    /// <exception cref="BadImageFormatException">The file is not a .NET assembly.</exception>
    /// <exception cref="FileLoadException">The assembly could not be loaded.</exception>
    public static Assembly Load(string path) => new StrategyAssemblyLoader(path).LoadFromAssemblyPath(path);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // The host's own copy first: one IStrategy type, one set of models.
        if (Default.Assemblies.Any(a => AssemblyName.ReferenceMatchesDefinition(assemblyName, a.GetName())) || IsOnHostPath(assemblyName))
        {
            return null;
        }

        return _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;

    private static bool IsOnHostPath(AssemblyName name) =>
        AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string trusted
        && trusted.Split(Path.PathSeparator).Any(p => string.Equals(Path.GetFileNameWithoutExtension(p), name.Name, StringComparison.OrdinalIgnoreCase));
}
