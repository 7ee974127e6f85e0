using MarketMaking.Adapters;
using MarketMaking.Models;
using MarketMaking.Oms;

namespace MarketMaker.Kraken.Monitoring;

/// <summary>An engine handler that keeps each venue connection's state and counts its reconnections. Thread-safe reads.</summary>
internal sealed class VenueConnections : IEngineHandler
{
    private readonly object _gate = new();
    private readonly Dictionary<(VenueId Venue, string Connection), ConnectionState> _states = [];
    private readonly HashSet<(VenueId Venue, string Connection)> _connectedOnce = [];
    private int _reconnects;

    public string Name => "connections";

    /// <summary>Gets how many reconnections succeeded: a connection up again after it had been up (failed attempts do not count).</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    /// <summary>Returns each connection's state now.</summary>
    public IReadOnlyList<(VenueId Venue, string Connection, ConnectionState State)> States()
    {
        lock (_gate)
        {
            return [.. _states.Select(s => (s.Key.Venue, s.Key.Connection, s.Value))];
        }
    }

    public void OnEvent(VenueEvent venueEvent)
    {
        if (venueEvent is not ConnectionStateChanged change)
        {
            return;
        }

        lock (_gate)
        {
            _states[(change.Venue, change.Connection)] = change.Current;
            if (change.Current == ConnectionState.Connected && !_connectedOnce.Add((change.Venue, change.Connection)))
            {
                Interlocked.Increment(ref _reconnects);
            }
        }
    }
}
