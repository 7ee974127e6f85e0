namespace MarketMaking.Strategies.Configuration;

/// <summary>
/// How a settings problem is put to a user: the kind of value a setting takes, and a key that names no setting with the
/// nearest one that exists. Shared by the hosts' settings checks and <see cref="Hosting.StrategyArguments"/>.
/// </summary>
public static class SettingDescriptions
{
    /// <summary>A type as a user would name the value it takes.</summary>
    /// <param name="type">The setting's type.</param>
    /// <returns>Such as "a whole number" or "a duration (hh:mm:ss, such as 00:00:30)".</returns>
    public static string Describe(Type type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) => "a whole number",
        _ when type == typeof(double) || type == typeof(decimal) || type == typeof(float) => "a number (invariant culture: 2.5)",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(TimeSpan) => "a duration (hh:mm:ss, such as 00:00:30)",
        _ => $"a {type.Name}",
    };

    /// <summary>The problem of a key that names no setting, with the nearest known one when it is close.</summary>
    /// <param name="path">The key's full path, as shown.</param>
    /// <param name="key">The key's last part, compared with the known ones.</param>
    /// <param name="known">The settings that exist there.</param>
    /// <returns>Such as "MarketMaker:SpredBps is not a setting; did you mean SpreadBps?".</returns>
    public static string Unknown(string path, string key, IEnumerable<string> known)
    {
        var nearest = known.Select(k => (Name: k, Distance: Distance(key.ToLowerInvariant(), k.ToLowerInvariant()))).OrderBy(k => k.Distance).FirstOrDefault();
        var hint = nearest.Name is not null && nearest.Distance <= Math.Max(2, key.Length / 3) ? $"; did you mean {nearest.Name}?" : string.Empty;
        return $"{path} is not a setting{hint}";
    }

    /// <summary>Levenshtein distance, for the nearest known key.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
