using System.Globalization;
using Google.Protobuf;
using MarketMaking.Adapters.Mexc;
using MarketMaking.Adapters.Mexc.Protocol;
using MarketMaking.Models;

namespace MarketMaking.Simulation.MexcProtocol;

/// <summary>
/// MEXC Spot's protobuf pushes, one message per binary frame: aggregated depth (its versions are the recording's own
/// update ids), aggregated deals, the book ticker, and the user stream's orders, deals and balances.
/// </summary>
/// <remarks>Source: <see href="https://www.mexc.com/api-docs/spot-v3/websocket-market-streams"/>, <see href="https://www.mexc.com/api-docs/spot-v3/websocket-user-data-streams"/>.</remarks>
internal static class MexcPushWriter
{
    /// <summary>The channel prefix of aggregated depth; the interval and symbol follow (<c>@100ms@BTCUSDT</c>).</summary>
    public const string DepthPrefix = "spot@public.aggre.depth.v3.api.pb@";

    /// <summary>The channel prefix of aggregated deals.</summary>
    public const string DealsPrefix = "spot@public.aggre.deals.v3.api.pb@";

    /// <summary>The channel prefix of the aggregated book ticker.</summary>
    public const string BookTickerPrefix = "spot@public.aggre.bookTicker.v3.api.pb@";

    /// <summary>The frame of a replayed event on a subscribed channel, or <see langword="null"/> when the channel does not carry it.</summary>
    public static byte[]? Public(string channel, MarketDataEvent served) => served switch
    {
        BookDelta delta when channel.StartsWith(DepthPrefix, StringComparison.Ordinal) && delta.FirstUpdateId is { } from && delta.FinalUpdateId is { } to => Frame(channel, served, frame =>
        {
            var depth = new MexcAggregatedDepth { EventType = channel[..channel.LastIndexOf('@')], FromVersion = Text(from), ToVersion = Text(to) };
            depth.Bids.AddRange(delta.Bids.Select(Level));
            depth.Asks.AddRange(delta.Asks.Select(Level));
            frame.PublicAggreDepths = depth;
        }),
        Trade trade when channel.StartsWith(DealsPrefix, StringComparison.Ordinal) => Frame(channel, served, frame =>
        {
            var deals = new MexcAggregatedDeals { EventType = channel[..channel.LastIndexOf('@')] };
            deals.Deals.Add(new MexcDeal { Price = trade.Price.ToString(), Quantity = trade.Quantity.ToString(), TradeType = trade.AggressorSide == Side.Buy ? 1 : 2, Time = Milliseconds(trade.TsEvent), TradeId = trade.TradeId.Value });
            frame.PublicAggreDeals = deals;
        }),
        TopOfBook top when channel.StartsWith(BookTickerPrefix, StringComparison.Ordinal) => Frame(channel, served, frame => frame.PublicAggreBookTicker = new MexcAggregatedBookTicker
        {
            BidPrice = top.BidPrice.ToString(), BidQuantity = top.BidQuantity.ToString(), AskPrice = top.AskPrice.ToString(), AskQuantity = top.AskQuantity.ToString(),
            Version = top.UpdateId is { } version ? Text(version) : string.Empty,
        }),
        _ => null,
    };

    /// <summary>A change of one of our orders, on <c>spot@private.orders.v3.api.pb</c>.</summary>
    public static byte[] Order(MexcSimulatedOrder order, int status, long nowNanoseconds) => Private(MexcSpotChannels.Orders, order.Symbol, nowNanoseconds, frame => frame.PrivateOrders = new MexcPrivateOrder
    {
        Id = order.OrderId,
        ClientId = order.ClientOrderId,
        Price = order.Price,
        Quantity = order.Quantity.ToString(CultureInfo.InvariantCulture),
        Amount = order.Price.Length > 0 ? (decimal.Parse(order.Price, CultureInfo.InvariantCulture) * order.Quantity).ToString(CultureInfo.InvariantCulture) : "0",
        AvgPrice = order.FilledQuantity > 0 ? (order.FilledQuote / order.FilledQuantity).ToString(CultureInfo.InvariantCulture) : "0",
        OrderType = order.OrderType,
        TradeType = order.Side == Side.Buy ? 1 : 2,
        RemainQuantity = (order.Quantity - order.FilledQuantity).ToString(CultureInfo.InvariantCulture),
        CumulativeQuantity = order.FilledQuantity.ToString(CultureInfo.InvariantCulture),
        CumulativeAmount = order.FilledQuote.ToString(CultureInfo.InvariantCulture),
        Status = status,
        CreateTime = Milliseconds(order.CreatedNanoseconds),
    });

    /// <summary>One of our fills, on <c>spot@private.deals.v3.api.pb</c>.</summary>
    public static byte[] Deal(MexcSimulatedOrder order, FillEvent fill, string tradeId) => Private(MexcSpotChannels.Deals, order.Symbol, fill.TsEvent, frame => frame.PrivateDeals = new MexcPrivateDeal
    {
        Price = fill.Price.ToString(),
        Quantity = fill.Quantity.ToString(),
        Amount = (fill.Price.Value * fill.Quantity.Value).ToString(CultureInfo.InvariantCulture),
        TradeType = fill.Side == Side.Buy ? 1 : 2,
        IsMaker = fill.Liquidity == LiquiditySide.Maker,
        TradeId = tradeId,
        ClientOrderId = order.ClientOrderId,
        OrderId = order.OrderId,
        FeeAmount = fill.Fee.ToString(CultureInfo.InvariantCulture),
        FeeCurrency = fill.FeeAsset?.Value ?? string.Empty,
        Time = Milliseconds(fill.TsEvent),
    });

    /// <summary>A balance, on <c>spot@private.account.v3.api.pb</c>.</summary>
    public static byte[] Account(BalanceUpdate balance) => Private(MexcSpotChannels.Account, null, balance.TsEvent, frame => frame.PrivateAccount = new MexcPrivateAccount
    {
        VcoinName = balance.Asset.Value,
        BalanceAmount = (balance.Available ?? balance.Total).ToString(CultureInfo.InvariantCulture),
        FrozenAmount = (balance.Total - (balance.Available ?? balance.Total)).ToString(CultureInfo.InvariantCulture),
        BalanceAmountChange = "0",
        FrozenAmountChange = "0",
        Type = "ENTRUST",
        Time = Milliseconds(balance.TsEvent),
    });

    private static byte[] Frame(string channel, MarketDataEvent served, Action<MexcPushFrame> fill)
    {
        var frame = new MexcPushFrame { Channel = channel, Symbol = served.Instrument.Value, SendTime = Milliseconds(served.TsEvent > 0 ? served.TsEvent : served.TsInit) };
        fill(frame);
        return frame.ToByteArray();
    }

    private static byte[] Private(string channel, string? symbol, long nanoseconds, Action<MexcPushFrame> fill)
    {
        var frame = new MexcPushFrame { Channel = channel, SendTime = Milliseconds(nanoseconds) };
        if (symbol is not null)
        {
            frame.Symbol = symbol;
        }

        fill(frame);
        return frame.ToByteArray();
    }

    private static MexcDepthLevel Level(BookLevel level) => new() { Price = level.Price.ToString(), Quantity = level.Quantity.ToString() };

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static long Milliseconds(long nanoseconds) => nanoseconds / 1_000_000;
}
