using System.CommandLine;
using Facet.Simulation.Embedded;

namespace Facet.Cli.Commands;

/// <summary><c>facet kafka dev</c>: an embedded Kafka (librdkafka mock cluster) in the foreground, for development and tests.</summary>
internal static class KafkaCommand
{
    public static Command Create(TextWriter output)
    {
        var brokers = new Option<int>("--brokers") { Description = "Number of brokers (ids 1…N).", DefaultValueFactory = _ => 1 };
        var topics = new Option<string[]>("--topic") { Description = "Topic to create (repeatable).", DefaultValueFactory = _ => ["product_view"], AllowMultipleArgumentsPerToken = false };
        var partitions = new Option<int>("--partitions") { Description = "Partitions of each topic.", DefaultValueFactory = _ => 6 };
        brokers.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 32)
            {
                r.AddError($"--brokers must be between 1 and 32 (got {r.GetValueOrDefault<int>()}).");
            }
        });
        partitions.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 1000)
            {
                r.AddError($"--partitions must be between 1 and 1000 (got {r.GetValueOrDefault<int>()}).");
            }
        });

        var dev = new Command("dev", "Run an embedded Kafka (librdkafka's mock cluster) on 127.0.0.1 until SIGINT/SIGTERM. Prints 'bootstrap.servers=…' when ready. Data lives in memory only.")
        {
            brokers, topics, partitions,
        };
        dev.SetAction(async (parse, cancellationToken) =>
        {
            using var shutdown = new ShutdownSignal(cancellationToken);
            using var cluster = EmbeddedKafkaCluster.Start(parse.GetValue(brokers));
            foreach (var topic in parse.GetValue(topics) ?? [])
            {
                cluster.CreateTopic(topic, parse.GetValue(partitions), replicationFactor: Math.Min(3, cluster.BrokerCount));
            }

            await output.WriteLineAsync($"bootstrap.servers={cluster.BootstrapServers}");
            await output.FlushAsync(CancellationToken.None);
            try
            {
                await Task.Delay(Timeout.Infinite, shutdown.Token);
            }
            catch (OperationCanceledException)
            {
                // SIGINT/SIGTERM: a clean stop.
            }

            return ExitCodes.Ok;
        });

        return new Command("kafka", "Embedded Kafka for development.") { dev };
    }
}
