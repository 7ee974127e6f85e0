namespace MarketMaking.Risk;

/// <summary>
/// The trading state every order must pass (<see cref="TradingState"/>), with who set it and why. Changed by the kill
/// switch or an operator; read by the <see cref="RiskGate"/>. Thread-safe.
/// </summary>
public sealed class TradingControl
{
    private readonly object _gate = new();

    /// <summary>Gets the state now.</summary>
    public TradingState State { get; private set; } = TradingState.Active;

    /// <summary>Gets why the state was last set (empty while active from the start).</summary>
    public string Reason { get; private set; } = string.Empty;

    /// <summary>Raised after the state changed, with the new state and the reason.</summary>
    public event Action<TradingState, string>? Changed;

    /// <summary>Sets the state.</summary>
    /// <param name="state">The new state.</param>
    /// <param name="reason">Why, for logs and reports.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is <see cref="TradingState.Unspecified"/>.</exception>
    public void Set(TradingState state, string reason) => Change(state, reason, onlyStricter: false);

    /// <summary>Sets the state unless it is already as strict or stricter (Halted over Reducing over Active).</summary>
    /// <param name="state">The state wanted.</param>
    /// <param name="reason">Why.</param>
    /// <returns>Whether the state changed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is <see cref="TradingState.Unspecified"/>.</exception>
    public bool Escalate(TradingState state, string reason) => Change(state, reason, onlyStricter: true);

    private bool Change(TradingState state, string reason, bool onlyStricter)
    {
        if (state == TradingState.Unspecified)
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "Choose Active, Reducing or Halted");
        }

        lock (_gate)
        {
            if (State == state || (onlyStricter && state < State))
            {
                return false;
            }

            (State, Reason) = (state, reason);
        }

        Changed?.Invoke(state, reason);
        return true;
    }
}
