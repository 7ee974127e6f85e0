namespace MarketMaking.Models;

/// <summary>
/// The engine loop as the owners of trading state see it: whether code runs on it, and a way to run code on it. The one
/// thread that changes trading state (see docs/architecture.md); implemented by the OMS's <c>EngineLoop</c>.
/// </summary>
public interface IEngineLoop
{
    /// <summary>Gets whether the loop is running: started, and not yet done with its last event.</summary>
    bool IsRunning { get; }

    /// <summary>Gets whether the calling code runs on the loop.</summary>
    bool IsOnLoop { get; }

    /// <summary>Throws unless the caller may change trading state now: on the loop while it runs; anywhere before it starts and after it ends.</summary>
    /// <param name="change">What was about to change, for the message.</param>
    /// <exception cref="InvalidOperationException">Called off the loop while it runs.</exception>
    void EnsureOnLoop(string change);

    /// <summary>Runs a function on the loop, in order with the events posted before it, and returns its result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="function">What to run; it may change trading state.</param>
    /// <param name="cancellationToken">Cancels the wait to post (not the function once posted).</param>
    /// <returns>Its result, once it has run; faults with what it threw.</returns>
    Task<T> InvokeAsync<T>(Func<T> function, CancellationToken cancellationToken = default);
}
