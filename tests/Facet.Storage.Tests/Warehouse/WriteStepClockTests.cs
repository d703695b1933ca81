using Facet.Storage.Internal;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Facet.Storage.Tests.Warehouse;

public sealed class WriteStepClockTests
{
    [Fact]
    public void Each_step_is_charged_the_time_until_the_next_step_or_the_end_of_the_batch_summed_over_batches()
    {
        var time = new FakeTimeProvider();
        var clock = new WriteStepClock(time);

        for (var batch = 0; batch < 2; batch++)
        {
            clock.Start();
            time.Advance(TimeSpan.FromMilliseconds(100));   // before the first step
            clock.Enter(WriteStep.Dimensions);
            time.Advance(TimeSpan.FromMilliseconds(250));
            clock.Enter(WriteStep.Facts);
            time.Advance(TimeSpan.FromSeconds(1));
            clock.Enter(WriteStep.Commit);
            time.Advance(TimeSpan.FromMilliseconds(50));
            clock.Stop();
            time.Advance(TimeSpan.FromSeconds(7));          // between batches: nobody's
        }

        Assert.Equal(2, clock.Batches);
        Assert.Equal(TimeSpan.FromMilliseconds(200), clock.BeforeSteps);
        Assert.Equal(TimeSpan.FromMilliseconds(500), clock.Of(WriteStep.Dimensions));
        Assert.Equal(TimeSpan.FromSeconds(2), clock.Of(WriteStep.Facts));
        Assert.Equal(TimeSpan.FromMilliseconds(100), clock.Of(WriteStep.Commit));
        Assert.Equal(TimeSpan.Zero, clock.Of(WriteStep.Sessions));
        Assert.Equal(TimeSpan.FromMilliseconds(2800), clock.Total);
    }

    [Fact]
    public void Steps_entered_outside_a_batch_write_are_not_charged()
    {
        var time = new FakeTimeProvider();
        var clock = new WriteStepClock(time);

        clock.Enter(WriteStep.Windows);   // a window recompute's transaction: not a batch write
        time.Advance(TimeSpan.FromSeconds(3));
        clock.Stop();

        Assert.Equal(0, clock.Batches);
        Assert.Equal(TimeSpan.Zero, clock.Total);
        Assert.Equal(string.Empty, clock.Describe());
    }

    [Fact]
    public void The_description_names_the_steps_that_took_time_in_their_order_with_seconds()
    {
        var time = new FakeTimeProvider();
        var clock = new WriteStepClock(time);
        clock.Start();
        clock.Enter(WriteStep.Facts);
        time.Advance(TimeSpan.FromMilliseconds(1234));
        clock.Enter(WriteStep.Funnels);
        time.Advance(TimeSpan.FromMilliseconds(500));
        clock.Stop();

        var text = clock.Describe();

        Assert.StartsWith("facts 1.23 s", text, StringComparison.Ordinal);
        Assert.Contains(", funnels 0.50 s", text, StringComparison.Ordinal);
        Assert.DoesNotContain("begin", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sessions", text, StringComparison.Ordinal);
    }
}
