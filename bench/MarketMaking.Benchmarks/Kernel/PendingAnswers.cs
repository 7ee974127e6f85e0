using System.Threading.Tasks.Sources;
using MarketMaking.Models;

namespace MarketMaking.Benchmarks.Kernel;

/// <summary>A request waiting for <see cref="SerializingOrderEntry"/>'s answer.</summary>
internal interface IPendingAnswer
{
    /// <summary>Answers it as accepted: the OMS's continuation runs on the calling thread.</summary>
    void Answer();
}

/// <summary>
/// The requests of one kind waiting for <see cref="SerializingOrderEntry"/>'s answer, each a value-task source taken
/// from a pool and given back once the OMS has read its answer, so that waiting allocates nothing. One thread only.
/// </summary>
/// <typeparam name="TAck">The acknowledgement.</typeparam>
/// <typeparam name="TState">What the acknowledgement is made from, besides the request's number.</typeparam>
/// <param name="unanswered">Where each request joins the venue's unanswered ones.</param>
/// <param name="ack">Makes the acknowledgement from the request's number and its state, when it is answered.</param>
internal sealed class PendingAnswers<TAck, TState>(List<IPendingAnswer> unanswered, Func<long, TState, TAck> ack)
{
    private readonly Stack<Pending> _pool = new();

    /// <summary>A request that will be answered by <see cref="SerializingOrderEntry.AnswerAll"/>.</summary>
    /// <param name="id">The request's number.</param>
    /// <param name="state">What its acknowledgement is made from.</param>
    /// <returns>The answer to come.</returns>
    public ValueTask<VenueResult<TAck>> Later(long id, TState state)
    {
        var pending = _pool.TryPop(out var pooled) ? pooled : new Pending(this);
        pending.Prepare(id, state);
        unanswered.Add(pending);
        return new ValueTask<VenueResult<TAck>>(pending, pending.Version);
    }

    private sealed class Pending(PendingAnswers<TAck, TState> owner) : IValueTaskSource<VenueResult<TAck>>, IPendingAnswer
    {
        private ManualResetValueTaskSourceCore<VenueResult<TAck>> _core;
        private long _id;
        private TState _state = default!;

        public short Version => _core.Version;

        public void Prepare(long id, TState state) => (_id, _state) = (id, state);

        public void Answer() => _core.SetResult(VenueResult<TAck>.Success(owner.MakeAck(_id, _state)));

        public VenueResult<TAck> GetResult(short token)
        {
            var result = _core.GetResult(token);
            _core.Reset();
            _state = default!;
            owner._pool.Push(this);
            return result;
        }

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }

    private TAck MakeAck(long id, TState state) => ack(id, state);
}
