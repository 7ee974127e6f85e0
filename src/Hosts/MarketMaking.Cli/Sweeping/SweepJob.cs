using System.Text.Json;

namespace MarketMaking.Cli.Sweeping;

/// <summary>
/// One run of a sweep, self-describing so that any machine can run it: its id (the folder its results go to), the
/// settings it varies, and the whole <c>mm</c> command line. Written as <c>job.json</c> in its folder.
/// </summary>
/// <param name="Id">The run's id, <c>run-0001</c> onwards, in the plan's order.</param>
/// <param name="Settings">The varied settings, by key, in the sweep's order.</param>
/// <param name="Arguments">The <c>mm</c> arguments that run it (a <c>backtest</c> with <c>--set</c> for each setting and <c>--output</c> its folder).</param>
internal sealed record SweepJob(string Id, IReadOnlyDictionary<string, string> Settings, IReadOnlyList<string> Arguments)
{
    /// <summary>The job's description in its folder.</summary>
    public const string File = "job.json";

    /// <summary>Written once its backtest has ended and its statistics are read: the job is done.</summary>
    public const string ResultFile = "result.json";

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Serializes a value as the sweep's files hold it.</summary>
    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, s_json);

    /// <summary>Reads a value of the sweep's files.</summary>
    public static T? FromJson<T>(string json) => JsonSerializer.Deserialize<T>(json, s_json);
}
