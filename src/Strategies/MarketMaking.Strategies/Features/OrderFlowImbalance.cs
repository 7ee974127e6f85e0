namespace MarketMaking.Strategies;

/// <summary>
/// Order-flow imbalance (OFI) at the touch: the net of limit-order arrivals and cancellations (and market orders)
/// at the best bid and ask between two book updates, summed over the last <c>window</c> updates. Positive: buying
/// pressure. Units: base quantity.
/// </summary>
/// <remarks>
/// <para><c>e = 𝟙{Pᴮ ≥ Pᴮ₋₁}·qᴮ − 𝟙{Pᴮ ≤ Pᴮ₋₁}·qᴮ₋₁ − 𝟙{Pᴬ ≤ Pᴬ₋₁}·qᴬ + 𝟙{Pᴬ ≥ Pᴬ₋₁}·qᴬ₋₁</c>.</para>
/// <para>Source: R. Cont, A. Kukanov, S. Stoikov, "The Price Impact of Order Book Events", Journal of Financial
/// Econometrics 12(1), 2014, eq. (10).</para>
/// </remarks>
public sealed class OrderFlowImbalance
{
    private readonly RollingSum _sum;
    private readonly RollingSum _gross;
    private TopOfBookState _previous;

    /// <summary>Initializes the feature.</summary>
    /// <param name="window">How many updates the sum covers.</param>
    public OrderFlowImbalance(int window)
    {
        _sum = new RollingSum(window);
        _gross = new RollingSum(window);
    }

    /// <summary>Gets the sum over the window, in base quantity.</summary>
    public double Value => _sum.Value;

    /// <summary>Gets the sum as a share of the gross flow over the window (Σe / Σ|e|), in [−1, 1]; 0 before any flow.</summary>
    public double Normalized => _gross.Value > 0 ? Math.Clamp(_sum.Value / _gross.Value, -1, 1) : 0;

    /// <summary>Takes the touch after a book update.</summary>
    public void Update(double bidPrice, double bidQuantity, double askPrice, double askQuantity)
    {
        if (_previous.IsSet)
        {
            var e = (bidPrice >= _previous.BidPrice ? bidQuantity : 0)
                - (bidPrice <= _previous.BidPrice ? _previous.BidQuantity : 0)
                - (askPrice <= _previous.AskPrice ? askQuantity : 0)
                + (askPrice >= _previous.AskPrice ? _previous.AskQuantity : 0);
            _sum.Add(e);
            _gross.Add(Math.Abs(e));
        }

        _previous = new TopOfBookState(bidPrice, bidQuantity, askPrice, askQuantity);
    }
}
