using System.Runtime.InteropServices;

namespace Facet.Simulation.Embedded;

/// <summary>
/// librdkafka's built-in mock Kafka cluster, in this process, reachable by any Kafka client over TCP on 127.0.0.1.
/// For the demo, tests and benchmarks: it keeps recent data in memory only. Create topics with
/// <see cref="CreateTopic"/> (Admin CreateTopics waits for a controller the mock does not have).
/// </summary>
public sealed class EmbeddedKafkaCluster : IDisposable
{
    private readonly Lock _gate = new();
    private IntPtr _handle;
    private IntPtr _cluster;

    private EmbeddedKafkaCluster(IntPtr handle, IntPtr cluster, int brokerCount, string bootstrapServers)
    {
        _handle = handle;
        _cluster = cluster;
        BrokerCount = brokerCount;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>"127.0.0.1:PORT[,127.0.0.1:PORT…]", for <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; }

    public int BrokerCount { get; }

    /// <summary>Starts a mock cluster with <paramref name="brokerCount"/> brokers (ids 1…N).</summary>
    public static EmbeddedKafkaCluster Start(int brokerCount = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerCount, 1);
        LibrdkafkaNative.EnsureLoaded();

        var errstr = new byte[512];
        var conf = LibrdkafkaNative.ConfNew();
        // The handle only hosts the mock cluster; keep its own logging quiet.
        LibrdkafkaNative.ConfSet(conf, "log_level", "3", errstr, (nuint)errstr.Length);
        var handle = LibrdkafkaNative.New(LibrdkafkaNative.ProducerType, conf, errstr, (nuint)errstr.Length);
        if (handle == IntPtr.Zero)
        {
            throw new InvalidOperationException($"Could not create the librdkafka handle for the mock cluster: {LibrdkafkaNative.ReadError(errstr)}");
        }

        var cluster = LibrdkafkaNative.MockClusterNew(handle, brokerCount);
        if (cluster == IntPtr.Zero)
        {
            LibrdkafkaNative.Destroy(handle);
            throw new InvalidOperationException("librdkafka could not start its mock cluster.");
        }

        var bootstraps = Marshal.PtrToStringUTF8(LibrdkafkaNative.MockClusterBootstraps(cluster))
            ?? throw new InvalidOperationException("The mock cluster reported no bootstrap servers.");
        return new EmbeddedKafkaCluster(handle, cluster, brokerCount, bootstraps);
    }

    /// <summary>Creates a topic (replication factor ≤ broker count). Creating an existing topic is an error.</summary>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var err = Invoke(c => LibrdkafkaNative.MockTopicCreate(c, topic, partitions, Math.Min(replicationFactor, BrokerCount)));
        if (err != LibrdkafkaNative.ErrorNone)
        {
            throw new InvalidOperationException($"Could not create topic '{topic}' on the mock cluster: {LibrdkafkaNative.Describe(err)}");
        }
    }

    /// <summary>Takes broker <paramref name="brokerId"/> (1-based) down: its connections close and it refuses new ones.</summary>
    public void SetBrokerDown(int brokerId) => Check(Invoke(c => LibrdkafkaNative.MockBrokerSetDown(c, brokerId)), "set broker down");

    /// <summary>Brings broker <paramref name="brokerId"/> back up.</summary>
    public void SetBrokerUp(int brokerId) => Check(Invoke(c => LibrdkafkaNative.MockBrokerSetUp(c, brokerId)), "set broker up");

    /// <summary>Makes the next <paramref name="errors"/>.Length requests of Kafka API <paramref name="apiKey"/> fail with those error codes.</summary>
    public void PushRequestErrors(short apiKey, params int[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        Invoke(c =>
        {
            LibrdkafkaNative.MockPushRequestErrorsArray(c, apiKey, (nuint)errors.Length, errors);
            return 0;
        });
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_cluster != IntPtr.Zero)
            {
                LibrdkafkaNative.MockClusterDestroy(_cluster);
                _cluster = IntPtr.Zero;
            }

            if (_handle != IntPtr.Zero)
            {
                LibrdkafkaNative.Destroy(_handle);
                _handle = IntPtr.Zero;
            }
        }
    }

    private int Invoke(Func<IntPtr, int> call)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_cluster == IntPtr.Zero, this);
            return call(_cluster);
        }
    }

    private static void Check(int err, string what)
    {
        if (err != LibrdkafkaNative.ErrorNone)
        {
            throw new InvalidOperationException($"Mock cluster could not {what}: {LibrdkafkaNative.Describe(err)}");
        }
    }
}
