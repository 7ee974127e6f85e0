using MarketMaking.Models;

namespace MarketMaking.Oms.Tests;

/// <summary>Every (state, event) pair of the order state machine against a table written out by hand.</summary>
public sealed class OrderStateMachineTests
{
    // Columns, in order: SubmitAcknowledged, SubmitRejected, SubmitOutcomeUnknown, Accepted, PartiallyFilled, Filled,
    // AmendRequested, Amended, AmendRejected, CancelRequested, CancelRejected, Canceled, Expired, NotFoundAtVenue.
    // Cells: a state's short name, "back" (to the state before the pending request), "-" (ignored), "!" (invalid).
    private static readonly Dictionary<OrderStatus, string[]> s_expected = new()
    {
        [OrderStatus.PendingNew] = ["Acc", "Rej", "Unk", "Acc", "Part", "Fill", "!", "!", "!", "PCxl", "!", "Cxl", "Exp", "Rej"],
        [OrderStatus.Accepted] = ["-", "!", "-", "-", "Part", "Fill", "PAmd", "-", "!", "PCxl", "!", "Cxl", "Exp", "Cxl"],
        [OrderStatus.PartiallyFilled] = ["-", "!", "-", "-", "Part", "Fill", "PAmd", "-", "!", "PCxl", "!", "Cxl", "Exp", "Cxl"],
        [OrderStatus.Filled] = ["-", "!", "-", "-", "-", "-", "!", "-", "-", "!", "-", "-", "-", "-"],
        [OrderStatus.PendingAmend] = ["-", "!", "-", "-", "-", "Fill", "!", "back", "back", "PCxl", "!", "Cxl", "Exp", "Cxl"],
        [OrderStatus.PendingCancel] = ["-", "Rej", "-", "-", "-", "Fill", "!", "-", "-", "!", "back", "Cxl", "Exp", "Cxl"],
        [OrderStatus.Canceled] = ["-", "!", "-", "-", "-", "-", "!", "-", "-", "!", "-", "-", "-", "-"],
        [OrderStatus.Rejected] = ["-", "-", "-", "-", "-", "-", "!", "-", "-", "!", "-", "-", "-", "-"],
        [OrderStatus.Expired] = ["-", "!", "-", "-", "-", "-", "!", "-", "-", "!", "-", "-", "-", "-"],
        [OrderStatus.Unknown] = ["Acc", "Rej", "-", "Acc", "Part", "Fill", "!", "!", "!", "PCxl", "!", "Cxl", "Exp", "Rej"],
    };

    private static readonly OrderEventKind[] s_columns =
    [
        OrderEventKind.SubmitAcknowledged, OrderEventKind.SubmitRejected, OrderEventKind.SubmitOutcomeUnknown, OrderEventKind.Accepted,
        OrderEventKind.PartiallyFilled, OrderEventKind.Filled, OrderEventKind.AmendRequested, OrderEventKind.Amended, OrderEventKind.AmendRejected,
        OrderEventKind.CancelRequested, OrderEventKind.CancelRejected, OrderEventKind.Canceled, OrderEventKind.Expired, OrderEventKind.NotFoundAtVenue,
    ];

    private static readonly Dictionary<string, OrderStatus> s_names = new()
    {
        ["Acc"] = OrderStatus.Accepted, ["Rej"] = OrderStatus.Rejected, ["Unk"] = OrderStatus.Unknown, ["Part"] = OrderStatus.PartiallyFilled,
        ["Fill"] = OrderStatus.Filled, ["PAmd"] = OrderStatus.PendingAmend, ["PCxl"] = OrderStatus.PendingCancel, ["Cxl"] = OrderStatus.Canceled,
        ["Exp"] = OrderStatus.Expired,
    };

    private static IEnumerable<TestCaseData> Pairs() =>
        from state in OrderStateMachine.States
        from index in Enumerable.Range(0, s_columns.Length)
        select new TestCaseData(state, s_columns[index], s_expected[state][index]).SetName($"{state} + {s_columns[index]} -> {s_expected[state][index]}");

    [Test]
    public void TheTables_CoverEveryStateAndEvent()
    {
        Assert.Multiple(() =>
        {
            Assert.That(s_columns, Is.EquivalentTo(OrderStateMachine.Events));
            Assert.That(s_expected.Keys, Is.EquivalentTo(OrderStateMachine.States));
            Assert.That(s_expected.Values, Has.All.Length.EqualTo(s_columns.Length));
        });
    }

    [TestCaseSource(nameof(Pairs))]
    public void Transition_IsAsWrittenInTheTable(OrderStatus state, OrderEventKind kind, string expected)
    {
        var transition = OrderStateMachine.Transition(state, kind);

        var actual = transition.Outcome switch
        {
            TransitionOutcome.Moves => s_names.Single(n => n.Value == transition.To).Key,
            TransitionOutcome.RollsBack => "back",
            TransitionOutcome.Ignored => "-",
            _ => "!",
        };
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void TerminalStates_AreNotOpen_AndEveryOtherStateIs()
    {
        Assert.That(
            OrderStateMachine.States.Where(OrderStateMachine.IsOpen),
            Is.EquivalentTo(new[] { OrderStatus.PendingNew, OrderStatus.Accepted, OrderStatus.PartiallyFilled, OrderStatus.PendingAmend, OrderStatus.PendingCancel, OrderStatus.Unknown }));
    }
}
