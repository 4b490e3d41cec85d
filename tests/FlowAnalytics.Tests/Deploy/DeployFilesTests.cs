using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FlowAnalytics.Cli;
using FlowAnalytics.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace FlowAnalytics.Tests.Deploy;

/// <summary>
/// The files under deploy/ (Dockerfile, Kubernetes Jobs, AWS Batch job definitions, the Step
/// Functions state machine, IAM policies) are well formed, and every command line they start is
/// one the CLI's own parser accepts: an option renamed in the CLI fails here, not in a cluster.
/// </summary>
public sealed class DeployFilesTests
{
    // ECS allows 8192 characters for all RunTask overrides together (command, environment and
    // the JSON around them); the Distributed Map's batch travels in one environment variable.
    private const int EcsOverrideLimit = 8192;

    private static string DeployRoot => Path.Combine(RepositoryPaths.Root, "deploy");

    [Fact]
    public void DeployFiles_Parse_EveryJsonAndYamlDocumentIsWellFormed()
    {
        string[] json = DeployFiles("*.json");
        string[] yaml = DeployFiles("*.yaml");

        Assert.True(json.Length >= 5, $"expected the Batch, Step Functions and IAM JSON under {DeployRoot}, found {json.Length} files");
        Assert.True(yaml.Length >= 2, $"expected the Kubernetes manifests under {DeployRoot}, found {yaml.Length} files");
        foreach (string file in json)
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(file));
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        }

        foreach (string file in yaml)
        {
            List<YamlDocument> documents = LoadYaml(file);
            Assert.NotEmpty(documents);
            Assert.All(documents, document => Assert.IsType<YamlMappingNode>(document.RootNode));
        }
    }

    [Fact]
    public void KubernetesManifests_Parse_CommandsAreRealCliOptions()
    {
        List<DeployCommand> commands = [.. KubernetesJobs().SelectMany(KubernetesCommands)];

        string[] names = [.. commands.Select(AssertParses)];

        Assert.Contains("run", names);
        Assert.Contains("merge", names);
    }

    [Fact]
    public void KubernetesIndexedJob_Completions_EqualShardsInItsArgs()
    {
        KubernetesJob indexed = Assert.Single(KubernetesJobs(), job => Scalar(job.Manifest, "spec", "completionMode") == "Indexed");
        DeployCommand command = Assert.Single(KubernetesCommands(indexed));

        Assert.Equal("run", AssertParses(command));
        int shards = ShardCount(command);
        Assert.Equal(shards, ParseCount(Scalar(indexed.Manifest, "spec", "completions"), $"{indexed.Source}: spec.completions"));
        // Every pod runs the same arguments; the index comes from JOB_COMPLETION_INDEX, never a fixed --shard.
        Assert.DoesNotContain("--shard", command.Args);
    }

    [Fact]
    public void KubernetesManifests_SecurityContext_NonRootWithReadOnlyRootAndWritableTmp()
    {
        List<KubernetesJob> jobs = KubernetesJobs();

        Assert.NotEmpty(jobs);
        foreach (KubernetesJob job in jobs)
        {
            YamlNode? pod = Child(job.Manifest, "spec", "template", "spec");
            List<YamlNode> containers = Sequence(pod, "containers");
            Assert.NotEmpty(containers);
            foreach (YamlNode container in containers)
            {
                string where = $"{job.Source} container {Scalar(container, "name")}";
                Assert.True(
                    Scalar(container, "securityContext", "runAsNonRoot") == "true" || Scalar(pod, "securityContext", "runAsNonRoot") == "true",
                    $"{where}: runAsNonRoot is not set");
                Assert.True(Scalar(container, "securityContext", "readOnlyRootFilesystem") == "true", $"{where}: the root filesystem is writable");
                YamlNode tmp = Assert.Single(Sequence(container, "volumeMounts"), mount => Scalar(mount, "mountPath") == "/tmp");
                string? volume = Scalar(tmp, "name");
                Assert.Contains(Sequence(pod, "volumes"), v => Scalar(v, "name") == volume && Child(v, "emptyDir") is not null);
            }
        }
    }

    [Fact]
    public void BatchJobDefinitions_ParseWithParameterDefaults_CommandsAreRealCliOptions()
    {
        List<DeployCommand> commands = BatchCommands();

        string[] names = [.. commands.Select(AssertParses)];

        Assert.Contains("run", names);
        Assert.Contains("merge", names);
        DeployCommand shard = Assert.Single(commands, command => command.Args[0] == "run");
        Assert.True(ShardCount(shard) > 1, $"{shard.Source}: --shards should split the listing");
        // Every child of the array job runs the same arguments; the index comes from AWS_BATCH_JOB_ARRAY_INDEX.
        Assert.DoesNotContain("--shard", shard.Args);
    }

    [Fact]
    public void StepFunctionsStateMachine_Parse_CommandsAreRealCliOptions()
    {
        using JsonDocument machine = LoadStateMachine();

        List<DeployCommand> commands = StateMachineCommands("state-machine.json", machine.RootElement);
        string[] names = [.. commands.Select(AssertParses)];

        Assert.Contains("run", names);
        Assert.Contains("merge", names);
    }

    [Fact]
    public void StepFunctionsStateMachine_Map_IsDistributedAndHandsItsBatchToTheChild()
    {
        using JsonDocument machine = LoadStateMachine();

        JsonProperty map = Assert.Single(machine.RootElement.GetProperty("States").EnumerateObject(), state => Text(state.Value, "Type") == "Map");
        string where = $"state-machine.json: {map.Name}";
        Assert.Equal("DISTRIBUTED", Text(map.Value, "ItemProcessor", "ProcessorConfig", "Mode"));
        Assert.Equal("arn:aws:states:::s3:listObjectsV2", Text(map.Value, "ItemReader", "Resource"));
        JsonElement? batcher = Property(map.Value, "ItemBatcher");
        Assert.True(batcher is { ValueKind: JsonValueKind.Object }, $"{where}: no ItemBatcher");
        JsonElement? maxBytes = Property(map.Value, "ItemBatcher", "MaxInputBytesPerBatch");
        Assert.True(
            maxBytes is { ValueKind: JsonValueKind.Number } bytes && bytes.GetInt32() < EcsOverrideLimit,
            $"{where}: a batch must stay below the {EcsOverrideLimit} characters ECS allows for RunTask overrides (ItemBatcher.MaxInputBytesPerBatch)");

        DeployCommand child = Assert.Single(StateMachineCommands(where, map.Value.GetProperty("ItemProcessor")));
        Assert.Equal("run", AssertParses(child));
        string keys = OptionValue(child, "--keys-from");
        Assert.StartsWith("env:", keys, StringComparison.Ordinal);
        Assert.Contains(keys["env:".Length..], child.Environment);
    }

    [Fact]
    public void Dockerfile_FinalStage_NonRootUserAndFlowanalyticsEntrypoint()
    {
        string[] lines = [.. File.ReadAllLines(Path.Combine(DeployRoot, "Dockerfile"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))];

        int[] stages = [.. Enumerable.Range(0, lines.Length).Where(i => Instruction(lines[i]) == "FROM")];
        Assert.True(stages.Length >= 2, $"expected a build stage and a runtime stage, found {stages.Length} FROM lines");
        string[] final = lines[stages[^1]..];

        string user = Argument(Assert.Single(final, line => Instruction(line) == "USER")).Split(':')[0];
        Assert.NotEqual("root", user);
        Assert.NotEqual("0", user);
        Assert.True(
            int.TryParse(user, NumberStyles.None, CultureInfo.InvariantCulture, out int uid) && uid > 0,
            $"USER {user}: a numeric uid lets Kubernetes' runAsNonRoot verify it");

        string entrypoint = Argument(Assert.Single(final, line => Instruction(line) == "ENTRYPOINT"));
        using JsonDocument exec = JsonDocument.Parse(entrypoint);
        Assert.Equal("flowanalytics", exec.RootElement[0].GetString());
    }

    [Fact]
    public void IamPolicies_Statements_NoWildcardActionsOrS3Resources()
    {
        string[] policies = Directory.GetFiles(Path.Combine(DeployRoot, "iam"), "*.json");
        var violations = new List<string>();

        Assert.NotEmpty(policies);
        foreach (string file in policies)
        {
            using JsonDocument policy = JsonDocument.Parse(File.ReadAllBytes(file));
            List<JsonElement> statements = OneOrMany(policy.RootElement.GetProperty("Statement"));
            Assert.NotEmpty(statements);
            foreach (JsonElement statement in statements)
            {
                string where = $"{Path.GetFileName(file)}: {Text(statement, "Sid") ?? "statement"}";
                string[] actions = [.. OneOrMany(statement, "Action").Select(a => a.GetString() ?? string.Empty)];
                string[] resources = [.. OneOrMany(statement, "Resource").Select(r => r.GetString() ?? string.Empty)];
                if (actions.Length == 0 || resources.Length == 0)
                {
                    violations.Add($"{where}: needs explicit Action and Resource (no NotAction/NotResource)");
                }

                violations.AddRange(actions.Where(a => a is "*" or "s3:*").Select(a => $"{where}: action {a}"));
                if (actions.Any(a => a.StartsWith("s3:", StringComparison.OrdinalIgnoreCase)))
                {
                    violations.AddRange(resources.Where(r => r == "*").Select(r => $"{where}: S3 resource {r}"));
                }
            }
        }

        Assert.Empty(violations);
    }

    /// <summary>Parses <paramref name="command"/> with the CLI's own parser, asserts it is clean and returns the subcommand's name.</summary>
    private static string AssertParses(DeployCommand command)
    {
        ParseResult result = Program.BuildRoot().Parse(command.Args);

        string line = $"{command.Source}: flowanalytics {string.Join(' ', command.Args)}";
        string[] errors = [.. result.Errors.Select(error => $"{line}: {error.Message}")];
        Assert.Empty(errors);
        string name = result.CommandResult.Command.Name;
        Assert.True(name is "run" or "merge", $"{line}: runs '{name}', not run or merge");
        return name;
    }

    private static int ShardCount(DeployCommand command) => ParseCount(OptionValue(command, "--shards"), $"{command.Source}: --shards");

    private static string OptionValue(DeployCommand command, string option)
    {
        int at = Array.IndexOf(command.Args, option);
        Assert.True(at >= 0 && at + 1 < command.Args.Length, $"{command.Source}: no {option} value in {string.Join(' ', command.Args)}");
        return command.Args[at + 1];
    }

    private static int ParseCount(string? text, string what)
    {
        Assert.True(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int count), $"{what}: '{text}' is not a count");
        return count;
    }

    private static string Instruction(string line) => line.Split(' ', 2)[0].ToUpperInvariant();

    private static string Argument(string line) => line.Split(' ', 2) is [_, string argument] ? argument.Trim() : string.Empty;

    private static string[] DeployFiles(string pattern) =>
        [.. Directory.GetFiles(DeployRoot, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    private static string RelativeName(string file) => Path.GetRelativePath(RepositoryPaths.Root, file);

    // ---- Kubernetes ----

    private static List<YamlDocument> LoadYaml(string file)
    {
        using var reader = new StreamReader(file);
        var stream = new YamlStream();
        stream.Load(reader);
        return [.. stream.Documents];
    }

    private static List<KubernetesJob> KubernetesJobs()
    {
        var jobs = new List<KubernetesJob>();
        foreach (string file in DeployFiles("*.yaml"))
        {
            foreach (YamlDocument document in LoadYaml(file))
            {
                if (Scalar(document.RootNode, "kind") == "Job")
                {
                    jobs.Add(new KubernetesJob($"{RelativeName(file)}: {Scalar(document.RootNode, "metadata", "name")}", document.RootNode));
                }
            }
        }

        return jobs;
    }

    private static List<DeployCommand> KubernetesCommands(KubernetesJob job)
    {
        var commands = new List<DeployCommand>();
        foreach (YamlNode container in Sequence(job.Manifest, "spec", "template", "spec", "containers"))
        {
            string where = $"{job.Source} container {Scalar(container, "name")}";
            string[] args = [.. Sequence(container, "args").Select(arg => Assert.IsType<YamlScalarNode>(arg).Value ?? string.Empty)];
            string[] environment = [.. Sequence(container, "env").Select(variable => Scalar(variable, "name") ?? string.Empty)];
            Assert.True(args.Length > 0, $"{where}: no args");
            commands.Add(new DeployCommand(where, args, environment));
        }

        return commands;
    }

    private static YamlNode? Child(YamlNode? node, params string[] path)
    {
        foreach (string key in path)
        {
            if (node is not YamlMappingNode mapping)
            {
                return null;
            }

            node = null;
            foreach (KeyValuePair<YamlNode, YamlNode> entry in mapping.Children)
            {
                if (entry.Key is YamlScalarNode name && name.Value == key)
                {
                    node = entry.Value;
                    break;
                }
            }
        }

        return node;
    }

    private static string? Scalar(YamlNode? node, params string[] path) => Child(node, path) is YamlScalarNode scalar ? scalar.Value : null;

    private static List<YamlNode> Sequence(YamlNode? node, params string[] path) =>
        Child(node, path) is YamlSequenceNode sequence ? [.. sequence.Children] : [];

    // ---- AWS Batch ----

    private static List<DeployCommand> BatchCommands()
    {
        var commands = new List<DeployCommand>();
        foreach (string file in DeployFiles("*.json"))
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(file));
            JsonElement definition = document.RootElement;
            if (Property(definition, "containerProperties", "command") is not { ValueKind: JsonValueKind.Array } command)
            {
                continue;
            }

            string where = $"{RelativeName(file)}: {Text(definition, "jobDefinitionName")}";
            JsonElement? parameters = Property(definition, "parameters");
            string[] args = [.. command.EnumerateArray().Select(arg => ResolveBatchParameter(where, arg.GetString() ?? string.Empty, parameters))];
            string[] environment = [.. OneOrMany(definition.GetProperty("containerProperties"), "environment")
                .Select(variable => Text(variable, "name") ?? string.Empty)];
            commands.Add(new DeployCommand(where, args, environment));
        }

        Assert.NotEmpty(commands);
        return commands;
    }

    /// <summary>Batch replaces an argument <c>Ref::name</c> by the submitted parameter, else the definition's default.</summary>
    private static string ResolveBatchParameter(string where, string arg, JsonElement? parameters)
    {
        const string Reference = "Ref::";
        if (!arg.StartsWith(Reference, StringComparison.Ordinal))
        {
            return arg;
        }

        string name = arg[Reference.Length..];
        string? value = parameters is { } defaults ? Text(defaults, name) : null;
        Assert.True(value is not null, $"{where}: {arg} has no default in \"parameters\"");
        return value ?? string.Empty;
    }

    // ---- Step Functions ----

    private static JsonDocument LoadStateMachine() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(DeployRoot, "step-functions", "state-machine.json")));

    /// <summary>The container commands of every ECS task state under <paramref name="machine"/>'s <c>States</c>, nested ones included.</summary>
    private static List<DeployCommand> StateMachineCommands(string source, JsonElement machine)
    {
        var commands = new List<DeployCommand>();
        foreach (JsonProperty state in machine.GetProperty("States").EnumerateObject())
        {
            string where = $"{source} / {state.Name}";
            foreach (JsonElement container in OneOrMany(state.Value, "Parameters", "Overrides", "ContainerOverrides"))
            {
                if (Property(container, "Command") is { ValueKind: JsonValueKind.Array } command)
                {
                    string[] args = [.. command.EnumerateArray().Select(arg => arg.GetString() ?? string.Empty)];
                    string[] environment = [.. OneOrMany(container, "Environment").Select(variable => Text(variable, "Name") ?? string.Empty)];
                    commands.Add(new DeployCommand(where, args, environment));
                }
            }

            // A Map's child workflow (ItemProcessor, or Iterator before it) and Parallel branches hold states of their own.
            foreach (string nested in (string[])["ItemProcessor", "Iterator"])
            {
                if (Property(state.Value, nested) is { ValueKind: JsonValueKind.Object } processor)
                {
                    commands.AddRange(StateMachineCommands(where, processor));
                }
            }

            foreach (JsonElement branch in OneOrMany(state.Value, "Branches"))
            {
                commands.AddRange(StateMachineCommands(where, branch));
            }
        }

        return commands;
    }

    // ---- JSON ----

    private static JsonElement? Property(JsonElement element, params string[] path)
    {
        foreach (string name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element;
    }

    private static string? Text(JsonElement element, params string[] path) =>
        Property(element, path) is { ValueKind: JsonValueKind.String } text ? text.GetString() : null;

    /// <summary>An array's elements, or a single value as one element (IAM allows both), or none when absent.</summary>
    private static List<JsonElement> OneOrMany(JsonElement element, params string[] path) =>
        Property(element, path) switch
        {
            { ValueKind: JsonValueKind.Array } array => [.. array.EnumerateArray()],
            { } single => [single],
            null => [],
        };

    private sealed record KubernetesJob(string Source, YamlNode Manifest);

    /// <summary>A command line an orchestrator starts, where it comes from, and the environment variables it sets.</summary>
    private sealed record DeployCommand(string Source, string[] Args, string[] Environment);
}
