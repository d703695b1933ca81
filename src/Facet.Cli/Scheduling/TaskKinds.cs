using System.CommandLine;

namespace Facet.Cli.Scheduling;

/// <summary>
/// A task's kind is <c>shell</c> or the path of a <c>facet</c> command ("generate", "db migrate", "report"…), looked
/// up in the command tree itself: a command added to Facet later (issue 18's "import csv", issue 16's "windows
/// recompute", the cache's "cache refresh") is a task kind by its name, with no list here to update. Commands that
/// never end on their own or would nest schedulers are not kinds.
/// </summary>
internal static class TaskKinds
{
    private static readonly string[] NotKinds = ["schedule", "demo", "dashboard", "kafka"];

    /// <summary>The command path of <paramref name="kind"/>, or null when no such command exists.</summary>
    public static IReadOnlyList<string>? Resolve(RootCommand root, string kind)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(kind);
        var path = kind.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (path.Length == 0 || NotKinds.Contains(path[0], StringComparer.Ordinal))
        {
            return null;
        }

        Command command = root;
        foreach (var name in path)
        {
            if (command.Subcommands.FirstOrDefault(c => c.Name == name) is not { } next)
            {
                return null;
            }

            command = next;
        }

        // A group ("db") is not runnable by itself; its subcommands are.
        return command.Subcommands.Count > 0 && command.Action is null ? null : path;
    }

    /// <summary>Every kind, for error messages: shell and the runnable commands.</summary>
    public static IReadOnlyList<string> All(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var kinds = new List<string> { TaskDefinition.ShellKind };
        foreach (var command in root.Subcommands.Where(c => !NotKinds.Contains(c.Name, StringComparer.Ordinal)))
        {
            Collect(command, command.Name, kinds);
        }

        return kinds;
    }

    private static void Collect(Command command, string path, List<string> kinds)
    {
        if (command.Action is not null)
        {
            kinds.Add(path);
        }

        foreach (var sub in command.Subcommands)
        {
            Collect(sub, path + " " + sub.Name, kinds);
        }
    }
}
