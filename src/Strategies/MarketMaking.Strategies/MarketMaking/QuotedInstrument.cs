using MarketMaking.Models;

namespace MarketMaking.Strategies;

/// <summary>What the market-making strategy keeps for one instrument it quotes: its features, position and last grid.</summary>
internal sealed class QuotedInstrument
{
    public QuotedInstrument(InstrumentId instrument, MarketMakerConfig config)
    {
        Instrument = instrument;
        Reset(config);
    }

    public InstrumentId Instrument { get; }

    /// <summary>Gets the net of this strategy's fills, in base units.</summary>
    public decimal Position { get; set; }

    /// <summary>Gets the last grid sent, which other threads read as a copy.</summary>
    public PublishedGrid Grid { get; } = new();

    /// <summary>Gets or sets when its quotes were last refreshed, in ns since the Unix epoch (0 before the first).</summary>
    public long LastRefreshNanoseconds { get; set; }

    public TradeFlowImbalance TradeFlow { get; private set; } = null!;

    public BollingerBandWidth Volatility { get; private set; } = null!;

    public VolumeOrderImbalance VolumeOrderImbalance { get; private set; } = null!;

    public OrderFlowImbalance OrderFlowImbalance { get; private set; } = null!;

    private (int TradeWindow, int BollingerLength, double BollingerMultiplier, int FlowWindow) Windows { get; set; }

    /// <summary>Starts the features again when a reloaded configuration changed their windows (their history does not fit the new ones).</summary>
    public void Reset(MarketMakerConfig config)
    {
        var windows = (config.TradeWindow, config.BollingerLength, config.BollingerMultiplier, config.FlowWindow);
        if (TradeFlow is not null && windows == Windows)
        {
            return;
        }

        Windows = windows;
        TradeFlow = new TradeFlowImbalance(config.TradeWindow);
        Volatility = new BollingerBandWidth(config.BollingerLength, config.BollingerMultiplier);
        VolumeOrderImbalance = new VolumeOrderImbalance(config.FlowWindow);
        OrderFlowImbalance = new OrderFlowImbalance(config.FlowWindow);
    }

    /// <summary>Takes a book update of this instrument on the quoted venue.</summary>
    public void OnBook(OrderBook book, long nowNanoseconds)
    {
        if (book.Mid is not { } mid || book.BestBid is not { } bid || book.BestAsk is not { } ask)
        {
            return;
        }

        Volatility.Update((double)mid.Value, nowNanoseconds);
        var (bidPrice, bidQuantity, askPrice, askQuantity) = ((double)bid.Price.Value, (double)bid.Quantity.Value, (double)ask.Price.Value, (double)ask.Quantity.Value);
        VolumeOrderImbalance.Update(bidPrice, bidQuantity, askPrice, askQuantity);
        OrderFlowImbalance.Update(bidPrice, bidQuantity, askPrice, askQuantity);
    }
}
