using MarketMaking.Simulation.Venue;

namespace MarketMaking.Simulation.Servers;

/// <summary>
/// The one gate a protocol simulator's replay and its clients' requests take turns through, so that the venue changes
/// one step at a time and what a step made the venue publish is sent (<paramref name="flush"/>) before the next step.
/// </summary>
/// <param name="venue">The simulated venue.</param>
/// <param name="flush">Sends what the venue published to the user streams; called under the gate.</param>
internal sealed class VenueGate(SimulatedVenue venue, Func<Task> flush)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Runs something on the venue, then sends what it published.</summary>
    public async Task<T> RunAsync<T>(Func<SimulatedVenue, T> action)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var result = action(venue);
            await flush().ConfigureAwait(false);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs something that sends by itself (a subscription and its snapshot, a replayed event's pushes).</summary>
    public async Task RunAsync(Func<Task> action)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await action().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs something that sends by itself and returns what it found.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> action)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            return await action().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Sends a request to the venue and acts on it at once (the replay clock moves by its latency); runs
    /// <paramref name="after"/> on the answer, then sends what the venue published meanwhile.
    /// </summary>
    public async Task<T> RequestAsync<TAnswer, T>(Func<SimulatedVenue, Action<TAnswer>, long> send, Func<TAnswer, T> after)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            TAnswer answer = default!;
            var due = send(venue, a => answer = a);
            venue.AdvanceTo(due);
            var result = after(answer);
            await flush().ConfigureAwait(false);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }
}
