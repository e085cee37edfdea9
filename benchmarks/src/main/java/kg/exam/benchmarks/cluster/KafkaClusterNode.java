package kg.exam.benchmarks.cluster;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * One node of a real multi-node KRaft cluster for the cluster run, in a process of its own so that
 * it can be killed alone: broker and controller at once, a static quorum of all nodes, listening on
 * 127.0.0.1 only. Topics get 3 replicas and {@code min.insync.replicas=2} by default, so one node
 * may die without losing or refusing anything (a quorum of one node, as the chaos run starts, has
 * one replica and flushes every append). Unlike the single-node embedded broker, appends are not
 * flushed one by one: with three replicas, durability comes from replication, as in a production
 * cluster.
 *
 * <p>Usage: {@code KafkaClusterNode NODE_ID CLIENT_PORT CONTROLLER_PORT VOTERS DATA_DIR
 * CLUSTER_ID}, VOTERS as in {@code controller.quorum.voters}, e.g. {@code
 * 1@127.0.0.1:19192,2@127.0.0.1:19193}.
 */
public final class KafkaClusterNode {
  private KafkaClusterNode() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println(
          "usage: KafkaClusterNode NODE_ID CLIENT_PORT CONTROLLER_PORT VOTERS DATA_DIR CLUSTER_ID");
      System.exit(2);
    }
    int nodeId = Integer.parseInt(args[0]);
    String host = "127.0.0.1";
    Path dir = Path.of(args[4]).toAbsolutePath();
    Files.createDirectories(dir);
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(nodeId));
    props.put(
        "listeners",
        "PLAINTEXT://" + host + ":" + args[1] + ",CONTROLLER://" + host + ":" + args[2]);
    props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + args[1]);
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("controller.quorum.voters", args[3]);
    props.put("log.dirs", dir.toString());
    props.put("num.partitions", "1");
    // three replicas with a quorum of three or more; a single node (the chaos run) has one, and
    // then
    // flushes every append, as the embedded broker does, its only protection against a power cut
    int nodes = args[3].split(",").length;
    String replicas = Integer.toString(Math.min(3, nodes));
    String minIsr = nodes >= 3 ? "2" : "1";
    if (nodes == 1) {
      props.put("log.flush.interval.messages", "1");
    }
    props.put("default.replication.factor", replicas);
    props.put("min.insync.replicas", minIsr);
    props.put("offsets.topic.replication.factor", replicas);
    props.put("offsets.topic.num.partitions", "5");
    props.put("transaction.state.log.replication.factor", replicas);
    props.put("transaction.state.log.min.isr", minIsr);
    props.put("share.coordinator.state.topic.replication.factor", replicas);
    props.put("share.coordinator.state.topic.min.isr", minIsr);
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("unclean.leader.election.enable", "false");
    props.put("log.retention.ms", "-1");
    props.put("num.network.threads", "1");
    props.put("num.io.threads", "2");
    props.put("num.recovery.threads.per.data.dir", "1");
    KafkaConfig config = KafkaConfig.fromProps(props, false);
    if (!Files.exists(dir.resolve("meta.properties"))) {
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(nodeId)
          .setClusterId(args[5])
          .setIgnoreFormatted(true)
          .setControllerListenerName("CONTROLLER")
          .setMetadataLogDirectory(config.metadataLogDir())
          .addDirectory(dir.toString())
          .run();
    }
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.shutdown();
                  server.awaitShutdown();
                }));
    server.startup();
    System.out.println("kafka node " + nodeId + " ready on " + host + ":" + args[1]);
    System.out.flush();
    server.awaitShutdown();
  }
}
