using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace MarketMaking.Strategies.Hosting;

/// <summary>
/// Finds a user's strategy in a built assembly: the public class implementing <see cref="IStrategy"/> of the name
/// given, or the only one when no name is given. The assembly is loaded with its own dependencies, the MarketMaking
/// libraries coming from the host, so that its <see cref="IStrategy"/> is the host's.
/// </summary>
public static class UserStrategyType
{
    /// <summary>Finds the strategy type.</summary>
    /// <param name="assemblyPath">The built <c>.dll</c>.</param>
    /// <param name="name">The class's full or short name, or <see langword="null"/> for the assembly's only strategy.</param>
    /// <param name="labels">How the messages name the assembly's and the name's settings, such as <c>("--strategy-assembly", "--strategy")</c>.</param>
    /// <param name="type">The type found.</param>
    /// <param name="problem">Why none was found, in one line: the file is missing or not a .NET assembly, it has no strategy, none of that name, or several and no name.</param>
    /// <returns>Whether the type was found.</returns>
    public static bool TryFind(string assemblyPath, string? name, (string Assembly, string Name) labels, [NotNullWhen(true)] out Type? type, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(assemblyPath);
        (type, problem) = (null, null);
        var path = Path.GetFullPath(assemblyPath);
        if (!File.Exists(path))
        {
            problem = $"{labels.Assembly} {path} does not exist (build the strategy's project first: dotnet build -c Release)";
            return false;
        }

        Type[] strategies;
        try
        {
            strategies = [.. StrategyAssemblyLoader.Load(path).GetExportedTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IStrategy).IsAssignableFrom(t))];
        }
        catch (Exception exception) when (exception is BadImageFormatException or FileLoadException or FileNotFoundException or ReflectionTypeLoadException or TypeLoadException)
        {
            problem = $"{labels.Assembly} {path} cannot be loaded: {exception.Message}";
            return false;
        }

        var matches = name is null ? strategies : [.. strategies.Where(t => string.Equals(t.FullName, name, StringComparison.Ordinal) || string.Equals(t.Name, name, StringComparison.Ordinal))];
        var found = strategies.Length == 0 ? "none" : string.Join(", ", strategies.Select(t => t.FullName));
        problem = matches.Length switch
        {
            1 => null,
            0 when name is null => $"{labels.Assembly} {path} has no public class implementing IStrategy",
            0 => $"{labels.Name} '{name}' is not a public IStrategy class of {Path.GetFileName(path)} (it has: {found})",
            _ => $"{Path.GetFileName(path)} has several strategies ({found}): name one with {labels.Name}",
        };
        type = problem is null ? matches[0] : null;
        return problem is null;
    }
}
