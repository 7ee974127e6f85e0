using System.Collections.Immutable;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Collections;
using MarketMaking.Adapters.Mexc.Protocol;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Mexc;

/// <summary>
/// Reads one binary MEXC Spot WebSocket frame (a protobuf push, no length prefix) into normalized events:
/// aggregated depth → <see cref="BookDelta"/> (versions as first and final update ids), limit depth →
/// <see cref="BookSnapshot"/>, aggregated deals → <see cref="Trade"/>s, private orders → <see cref="OrderUpdate"/>,
/// private deals → <see cref="FillEvent"/>, private account → <see cref="BalanceUpdate"/>, aggregated book ticker →
/// <see cref="TopOfBook"/>.
/// </summary>
/// <remarks>Source: MEXC Spot v3 docs, "Websocket Market Streams" and "Websocket User Data Streams"; <c>docs/protocol/mexc.md</c> §3–4.</remarks>
public static class MexcSpotPushReader
{
    private const long NanosecondsPerMillisecond = 1_000_000;

    /// <summary>Reads a frame.</summary>
    /// <param name="frame">The binary frame.</param>
    /// <param name="venue">The venue id the events carry.</param>
    /// <param name="receivedNanoseconds">When the frame arrived, ns since the Unix epoch (the events' <c>TsInit</c>).</param>
    /// <param name="output">Receives the events.</param>
    /// <param name="problem">Why the frame could not be read (it is then skipped; nothing was added).</param>
    /// <returns>Whether the frame was read.</returns>
    public static bool TryRead(ReadOnlySpan<byte> frame, VenueId venue, long receivedNanoseconds, ICollection<VenueEvent> output, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            var push = MexcPushFrame.Parser.ParseFrom(frame);
            var sent = push.HasSendTime ? push.SendTime * NanosecondsPerMillisecond : receivedNanoseconds;
            var symbol = push.HasSymbol ? InstrumentId.Create(push.Symbol) : default;
            switch (push.BodyCase)
            {
                case MexcPushFrame.BodyOneofCase.PublicAggreDepths:
                    var depth = push.PublicAggreDepths;
                    output.Add(new BookDelta(venue, Required(symbol), Levels(depth.Bids), Levels(depth.Asks), sent, receivedNanoseconds)
                    {
                        FirstUpdateId = long.Parse(depth.FromVersion, CultureInfo.InvariantCulture),
                        FinalUpdateId = long.Parse(depth.ToVersion, CultureInfo.InvariantCulture),
                    });
                    break;
                case MexcPushFrame.BodyOneofCase.PublicLimitDepths:
                    var limit = push.PublicLimitDepths;
                    output.Add(new BookSnapshot(venue, Required(symbol), Levels(limit.Bids), Levels(limit.Asks), sent, receivedNanoseconds)
                    {
                        LastUpdateId = long.Parse(limit.Version, CultureInfo.InvariantCulture),
                    });
                    break;
                case MexcPushFrame.BodyOneofCase.PublicAggreDeals:
                    foreach (var deal in push.PublicAggreDeals.Deals)
                    {
                        // Older pushes carry no trade id: time, price and quantity identify the print.
                        var id = deal.TradeId.Length > 0 ? deal.TradeId : string.Create(CultureInfo.InvariantCulture, $"{deal.Time}:{deal.Price}:{deal.Quantity}");
                        output.Add(new Trade(venue, Required(symbol), Price(deal.Price), Quantity(deal.Quantity), SideOf(deal.TradeType), TradeId.Create(id), deal.Time * NanosecondsPerMillisecond, receivedNanoseconds));
                    }

                    break;
                case MexcPushFrame.BodyOneofCase.PrivateOrders:
                    var order = push.PrivateOrders;
                    output.Add(new OrderUpdate(venue, VenueOrderId.Create(order.Id), StatusOf(order.Status), sent, receivedNanoseconds)
                    {
                        ClientOrderId = order.ClientId.Length > 0 ? ClientOrderId.Create(order.ClientId) : null,
                        Instrument = push.HasSymbol ? symbol : null,
                        Side = SideOf(order.TradeType),

                        // What the order has filled so far, so that a reader can check the deals it was sent add up to it.
                        Quantity = order.Quantity.Length > 0 ? Quantity(order.Quantity) : null,
                        FilledQuantity = order.CumulativeQuantity.Length > 0 ? Quantity(order.CumulativeQuantity) : null,
                        AveragePrice = order.AvgPrice.Length > 0 && Decimal(order.AvgPrice) > 0 ? Price(order.AvgPrice) : null,
                        LimitPrice = order.OrderType != 5 && order.Price.Length > 0 && Decimal(order.Price) > 0 ? Price(order.Price) : null,
                        PostOnly = order.OrderType == 2,
                    });
                    break;
                case MexcPushFrame.BodyOneofCase.PrivateDeals:
                    var fill = push.PrivateDeals;
                    output.Add(new FillEvent(venue, Required(symbol), VenueOrderId.Create(fill.OrderId), TradeId.Create(fill.TradeId), SideOf(fill.TradeType), Price(fill.Price), Quantity(fill.Quantity), fill.Time * NanosecondsPerMillisecond, receivedNanoseconds)
                    {
                        ClientOrderId = fill.ClientOrderId.Length > 0 ? ClientOrderId.Create(fill.ClientOrderId) : null,
                        Liquidity = fill.IsMaker ? LiquiditySide.Maker : LiquiditySide.Taker,
                        Fee = fill.FeeAmount.Length > 0 ? Decimal(fill.FeeAmount) : 0m,
                        FeeAsset = fill.FeeCurrency.Length > 0 ? AssetId.Create(fill.FeeCurrency) : null,
                    });
                    break;
                case MexcPushFrame.BodyOneofCase.PrivateAccount:
                    var account = push.PrivateAccount;
                    var free = Decimal(account.BalanceAmount);
                    output.Add(new BalanceUpdate(venue, AssetId.Create(account.VcoinName), free + Decimal(account.FrozenAmount), account.Time * NanosecondsPerMillisecond, receivedNanoseconds)
                    {
                        Available = free,
                        Reference = account.Type,
                    });
                    break;
                case MexcPushFrame.BodyOneofCase.PublicAggreBookTicker:
                    var top = push.PublicAggreBookTicker;
                    output.Add(new TopOfBook(venue, Required(symbol), Price(top.BidPrice), Quantity(top.BidQuantity), Price(top.AskPrice), Quantity(top.AskQuantity), sent, receivedNanoseconds)
                    {
                        UpdateId = top.Version.Length > 0 ? long.Parse(top.Version, CultureInfo.InvariantCulture) : null,
                    });
                    break;
                default:
                    problem = $"a push of an unknown channel: {push.Channel}";
                    return false;
            }

            problem = null;
            return true;
        }
        catch (Exception exception) when (exception is InvalidProtocolBufferException or FormatException or OverflowException or ArgumentException or InvalidOperationException)
        {
            problem = $"not a MEXC push: {exception.Message}";
            return false;
        }
    }

    private static InstrumentId Required(InstrumentId symbol) =>
        symbol.Value is null ? throw new InvalidOperationException("the push names no symbol") : symbol;

    private static ImmutableArray<BookLevel> Levels(RepeatedField<MexcDepthLevel> levels)
    {
        var builder = ImmutableArray.CreateBuilder<BookLevel>(levels.Count);
        foreach (var level in levels)
        {
            builder.Add(new BookLevel(Price(level.Price), Quantity(level.Quantity)));
        }

        return builder.MoveToImmutable();
    }

    private static Side SideOf(int tradeType) => tradeType switch
    {
        1 => Side.Buy,
        2 => Side.Sell,
        _ => throw new FormatException($"trade type {tradeType} is neither 1 (buy) nor 2 (sell)"),
    };

    /// <summary>MEXC's order status: 1 new, 2 filled, 3 partially filled, 4 canceled, 5 partially filled then canceled.</summary>
    private static OrderStatus StatusOf(int status) => status switch
    {
        1 => OrderStatus.Accepted,
        2 => OrderStatus.Filled,
        3 => OrderStatus.PartiallyFilled,
        4 or 5 => OrderStatus.Canceled,
        _ => OrderStatus.Unknown,
    };

    private static Price Price(string text) => new(Decimal(text));

    private static Quantity Quantity(string text) => new(Decimal(text));

    private static decimal Decimal(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
