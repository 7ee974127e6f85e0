using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace MarketMaking.Strategies.Configuration;

/// <summary>
/// Checks the keys of configuration sections against the settings types they bind to, before anything is bound: a key
/// that names no setting (with the nearest one that exists), and a value that cannot be read as its setting's type
/// (with the type, or the valid choices of an enumeration). The configuration binder would throw on the first bad value
/// and silently ignore an unknown key (a misspelled setting runs on its default); this lists them all. Used by the
/// bundled host and by <c>mm backtest</c>; a host of your own can check its sections the same way.
/// </summary>
public static class ConfigurationCheck
{
    /// <summary>
    /// Adds a problem for each unknown key and each value its setting cannot take, in each of the sections given. A
    /// section path with a <c>:</c> (<c>Risk:Limits</c>) also makes its parent a group whose other children are unknown
    /// keys (<c>Risk:Limit</c>: did you mean Limits?).
    /// </summary>
    /// <param name="configuration">The whole configuration.</param>
    /// <param name="sections">The sections checked, by path, and the settings type each binds to.</param>
    /// <param name="problems">Receives each problem, as one line a user can act on.</param>
    /// <returns>The keys whose values cannot be read (the binder would throw on them); empty when all can.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IReadOnlyList<string> Check(IConfiguration configuration, IReadOnlyDictionary<string, Type> sections, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(problems);
        var known = new HashSet<string>(sections.Keys, StringComparer.OrdinalIgnoreCase);
        foreach (var group in sections.Keys.Where(k => k.Contains(':', StringComparison.Ordinal)).Select(k => k[..k.LastIndexOf(':')]).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            foreach (var child in configuration.GetSection(group).GetChildren())
            {
                if (!known.Contains(child.Path))
                {
                    var siblings = known.Where(k => k.StartsWith(group + ":", StringComparison.OrdinalIgnoreCase)).Select(k => k[(group.Length + 1)..]);
                    problems.Add(SettingDescriptions.Unknown(child.Path, child.Key, siblings));
                }
            }
        }

        var unreadable = new List<(string Path, string Problem)>();
        foreach (var (path, type) in sections)
        {
            CheckSection(configuration.GetSection(path), type, problems, unreadable);
        }

        foreach (var (_, problem) in unreadable)
        {
            problems.Add(problem);
        }

        return [.. unreadable.Select(u => u.Path)];
    }

    /// <summary>Lists one section's problems: each unknown key and each value its setting cannot take (a hot reload's check).</summary>
    /// <param name="section">The section.</param>
    /// <param name="type">The settings type it binds to.</param>
    /// <returns>The problems; empty when none.</returns>
    /// <exception cref="ArgumentException"><paramref name="section"/> is not a section of a configuration.</exception>
    public static IReadOnlyList<string> ProblemsIn(IConfiguration section, Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (section is not IConfigurationSection configurationSection)
        {
            throw new ArgumentException("A section of a configuration is needed.", nameof(section));
        }

        var problems = new List<string>();
        var unreadable = new List<(string Path, string Problem)>();
        CheckSection(configurationSection, type, problems, unreadable);
        return [.. problems, .. unreadable.Select(u => u.Problem)];
    }

    private static void CheckSection(IConfigurationSection section, Type type, ICollection<string> problems, List<(string Path, string Problem)> unreadable)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite || IsCollection(p.PropertyType)).ToArray();
        foreach (var child in section.GetChildren())
        {
            var property = properties.FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                problems.Add(SettingDescriptions.Unknown(child.Path, child.Key, properties.Select(p => p.Name)));
                continue;
            }

            CheckValue(child, property.PropertyType, problems, unreadable);
        }
    }

    private static void CheckValue(IConfigurationSection section, Type type, ICollection<string> problems, List<(string Path, string Problem)> unreadable)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (ElementType(target) is { } element)
        {
            // A list or an array: one child per index; a dictionary: one child per key.
            foreach (var item in section.GetChildren())
            {
                CheckValue(item, element, problems, unreadable);
            }

            return;
        }

        if (section.Value is null)
        {
            if (IsSettingsClass(target))
            {
                CheckSection(section, target, problems, unreadable);
            }
            else if (section.GetChildren().Any())
            {
                unreadable.Add((section.Path, $"{section.Path} takes one value, not a section"));
            }

            return;
        }

        if (target == typeof(string) || target == typeof(object))
        {
            return;
        }

        if (target.IsEnum)
        {
            if (!Enum.TryParse(target, section.Value, ignoreCase: true, out var parsed) || !Enum.IsDefined(target, parsed))
            {
                unreadable.Add((section.Path, $"{section.Path} '{Shown(section)}' is not one of {string.Join(", ", Enum.GetNames(target))}"));
            }

            return;
        }

        if (target == typeof(Uri))
        {
            if (!Uri.TryCreate(section.Value, UriKind.Absolute, out _))
            {
                unreadable.Add((section.Path, $"{section.Path} '{Shown(section)}' is not an absolute URL"));
            }

            return;
        }

        if (IsSettingsClass(target))
        {
            unreadable.Add((section.Path, $"{section.Path} is a section of settings, not one value"));
            return;
        }

        try
        {
            _ = TypeDescriptor.GetConverter(target).ConvertFromString(null, CultureInfo.InvariantCulture, section.Value);
        }
        catch (Exception exception) when (exception is FormatException or NotSupportedException or ArgumentException or OverflowException
            || exception.InnerException is FormatException or OverflowException)
        {
            unreadable.Add((section.Path, $"{section.Path} '{Shown(section)}' is not {SettingDescriptions.Describe(target)}"));
        }
    }

    /// <summary>A secret's value is never echoed.</summary>
    private static string Shown(IConfigurationSection section) =>
        section.Key.Contains("Secret", StringComparison.OrdinalIgnoreCase) || section.Key.Contains("Key", StringComparison.OrdinalIgnoreCase) ? "(hidden)" : section.Value!;

    private static bool IsCollection(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var generic = type.IsGenericType && type.GetGenericTypeDefinition() is var definition ? definition : null;
        var arguments = type.IsGenericType ? type.GetGenericArguments() : [];
        return generic switch
        {
            not null when arguments.Length == 2 && typeof(IDictionary).IsAssignableFrom(type) => arguments[1],
            not null when arguments.Length == 2 && type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>)) => arguments[1],
            not null when arguments.Length == 1 && typeof(IEnumerable).IsAssignableFrom(type) => arguments[0],
            _ => null,
        };
    }

    private static bool IsSettingsClass(Type type) =>
        type.IsClass && type != typeof(string) && type != typeof(Uri) && !IsCollection(type);
}
