namespace MarketMaking.Strategies;

/// <summary>
/// Volume order imbalance (VOI) at the touch: the change of bid volume minus the change of ask volume between two book
/// updates, each counted as new volume when its price improved, as a change when it stayed, and as nothing when it
/// retreated. Summed over the last <c>window</c> updates. Positive: buying pressure. Units: base quantity.
/// </summary>
/// <remarks>
/// <para><c>δVᴮ = 0 if Pᴮ &lt; Pᴮ₋₁; Vᴮ − Vᴮ₋₁ if Pᴮ = Pᴮ₋₁; Vᴮ if Pᴮ &gt; Pᴮ₋₁</c>;
/// <c>δVᴬ = Vᴬ if Pᴬ &lt; Pᴬ₋₁; Vᴬ − Vᴬ₋₁ if Pᴬ = Pᴬ₋₁; 0 if Pᴬ &gt; Pᴬ₋₁</c>; <c>VOI = δVᴮ − δVᴬ</c>.</para>
/// <para>Source: D. Shen, "Order Imbalance Based Strategy in High Frequency Trading", University of Oxford, 2015.</para>
/// </remarks>
public sealed class VolumeOrderImbalance
{
    private readonly RollingSum _sum;
    private readonly RollingSum _gross;
    private TopOfBookState _previous;

    /// <summary>Initializes the feature.</summary>
    /// <param name="window">How many updates the sum covers.</param>
    public VolumeOrderImbalance(int window)
    {
        _sum = new RollingSum(window);
        _gross = new RollingSum(window);
    }

    /// <summary>Gets the sum over the window, in base quantity.</summary>
    public double Value => _sum.Value;

    /// <summary>Gets the sum as a share of the gross flow over the window (Σe / Σ|e|), in [−1, 1]; 0 before any flow.</summary>
    public double Normalized => _gross.Value > 0 ? Math.Clamp(_sum.Value / _gross.Value, -1, 1) : 0;

    /// <summary>Takes the touch after a book update.</summary>
    /// <param name="bidPrice">The best bid.</param>
    /// <param name="bidQuantity">Its quantity.</param>
    /// <param name="askPrice">The best ask.</param>
    /// <param name="askQuantity">Its quantity.</param>
    public void Update(double bidPrice, double bidQuantity, double askPrice, double askQuantity)
    {
        var current = new TopOfBookState(bidPrice, bidQuantity, askPrice, askQuantity);
        if (_previous.IsSet)
        {
            var bid = bidPrice < _previous.BidPrice ? 0 : bidPrice == _previous.BidPrice ? bidQuantity - _previous.BidQuantity : bidQuantity;
            var ask = askPrice < _previous.AskPrice ? askQuantity : askPrice == _previous.AskPrice ? askQuantity - _previous.AskQuantity : 0;
            _sum.Add(bid - ask);
            _gross.Add(Math.Abs(bid - ask));
        }

        _previous = current;
    }
}
