using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;

namespace MarketMaking.Strategies;

/// <summary>
/// A strategy's configuration that may change while it runs: every candidate (a reloaded <c>appsettings.json</c>
/// section, or one set in code) is validated against the running one first; a valid one replaces it, an invalid one
/// is rejected with its reasons and the running configuration stays. Strategies read <see cref="Current"/> at each
/// refresh, so a change takes effect at the next one.
/// </summary>
/// <typeparam name="T">The configuration type; each instance is treated as immutable once handed over.</typeparam>
/// <remarks>
/// Unlike <c>IOptionsMonitor</c>, which throws from <c>CurrentValue</c> once a reload fails validation, this keeps the
/// last good value: a typo in a live bot's settings must not stop it.
/// </remarks>
public sealed class ReloadableConfig<T> : IDisposable
    where T : class
{
    private readonly Func<T, T, IReadOnlyList<string>> _validateChange;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private IDisposable? _watch;
    private string? _lastOffered;
    private T _current;
    private long _version;

    /// <summary>Initializes the configuration with its first value.</summary>
    /// <param name="initial">The first value.</param>
    /// <param name="validate">Lists what is wrong with a value on its own.</param>
    /// <param name="validateChange">Lists why the running value (first argument) may not be replaced by a candidate (second); <paramref name="validate"/> when <see langword="null"/>.</param>
    /// <param name="logger">Where rejections and changes are logged, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The first value is not valid; the message lists why.</exception>
    public ReloadableConfig(T initial, Func<T, IReadOnlyList<string>> validate, Func<T, T, IReadOnlyList<string>>? validateChange = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(validate);
        var errors = validate(initial);
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid {typeof(T).Name}: {string.Join(" ", errors)}", nameof(initial));
        }

        _current = initial;
        _validateChange = validateChange ?? ((_, candidate) => validate(candidate));
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Raised after a candidate replaced the running value, with the new value.</summary>
    public event Action<T>? Changed;

    /// <summary>Raised when a candidate was rejected, with the reasons; the running value stays.</summary>
    public event Action<IReadOnlyList<string>>? Rejected;

    /// <summary>Gets the running value.</summary>
    public T Current => Volatile.Read(ref _current);

    /// <summary>Gets how many times the value changed since the first (0 at first).</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Gets the reasons the last rejected candidate was refused, or empty when none was.</summary>
    public IReadOnlyList<string> LastRejection { get; private set; } = [];

    /// <summary>Validates a candidate and, when valid, makes it the running value.</summary>
    /// <param name="candidate">The new value.</param>
    /// <param name="errors">Why it was rejected; empty when applied.</param>
    /// <returns><see langword="true"/> when applied.</returns>
    public bool TryUpdate(T candidate, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        lock (_gate)
        {
            errors = _validateChange(_current, candidate);
            if (errors.Count > 0)
            {
                LastRejection = errors;
            }
            else
            {
                Volatile.Write(ref _current, candidate);
                Interlocked.Increment(ref _version);
            }
        }

        if (errors.Count > 0)
        {
            Log.ConfigRejected(_logger, typeof(T).Name, string.Join(" ", errors));
            Rejected?.Invoke(errors);
            return false;
        }

        Log.ConfigChanged(_logger, typeof(T).Name, Version);
        Changed?.Invoke(candidate);
        return true;
    }

    /// <summary>Follows a configuration section: each time its providers reload, the section is bound to a new value and offered to <see cref="TryUpdate"/>.</summary>
    /// <param name="section">The section, such as <c>configuration.GetSection("MarketMaker")</c> of a JSON file loaded with <c>reloadOnChange: true</c>.</param>
    /// <param name="bind">Binds the section to a new value (a value that cannot be bound, such as text for a number, is a rejection).</param>
    public void Watch(IConfiguration section, Func<IConfiguration, T> bind) => Watch(section, bind, _ => []);

    /// <summary>
    /// Follows a configuration section like <see cref="Watch(IConfiguration, Func{IConfiguration, T})"/>, checking the
    /// section's keys first: a reload with any problem the check finds (a key that names no setting, a value that cannot
    /// be read) is rejected whole, as the same problems stop a start.
    /// </summary>
    /// <param name="section">The section.</param>
    /// <param name="bind">Binds the section to a new value.</param>
    /// <param name="check">Lists the section's problems before it is bound; empty when none.</param>
    public void Watch(IConfiguration section, Func<IConfiguration, T> bind, Func<IConfiguration, IReadOnlyList<string>> check)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(bind);
        ArgumentNullException.ThrowIfNull(check);
        _watch?.Dispose();
        _lastOffered = null;
        _watch = ChangeToken.OnChange(section.GetReloadToken, () => Offer(section, bind, check));
    }

    /// <inheritdoc/>
    public void Dispose() => _watch?.Dispose();

    private void Offer(IConfiguration section, Func<IConfiguration, T> bind, Func<IConfiguration, IReadOnlyList<string>> check)
    {
        // One reload raises the token more than once (the provider's and the root's); the same settings are one offer.
        var text = string.Join('\n', section.AsEnumerable().OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        if (Interlocked.Exchange(ref _lastOffered, text) == text)
        {
            return;
        }

        if (check(section) is { Count: > 0 } problems)
        {
            Reject(problems);
            return;
        }

        T candidate;
        try
        {
            candidate = bind(section);
        }
        catch (InvalidOperationException exception)
        {
            // The binder's message names the key and the text it could not convert.
            Reject([exception.Message + (exception.InnerException is { } inner ? " " + inner.Message : string.Empty)]);
            return;
        }

        TryUpdate(candidate, out _);
    }

    private void Reject(IReadOnlyList<string> errors)
    {
        LastRejection = errors;
        Log.ConfigRejected(_logger, typeof(T).Name, string.Join(" ", errors));
        Rejected?.Invoke(errors);
    }
}
