package io.creditstream.trainer.evaluate;

import io.creditstream.features.evaluation.Fairness;
import io.creditstream.features.evaluation.Metrics;
import io.creditstream.features.report.Escaping;
import io.creditstream.model.ScoringModel;
import io.creditstream.trainer.train.TrainingData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate}: reads a model directory ({@code model.ubj}, {@code model-card.json}) and a
 * labelled Home Credit application file ({@code TARGET}; {@code .csv} or {@code .csv.gz}), with the
 * history tables of {@code --history} if given, scores every row as the scorer would, prints one
 * line of {@code name=value} figures and writes an HTML report. Exit code 2 for a bad argument or a
 * file without the needed columns (named in the message).
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Score a labelled Home Credit file with a model directory; print its figures on one line"
            + " and write an HTML report (calibration, fairness).")
public final class EvaluateCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluateCommand.class);

  @Spec CommandSpec spec;

  @Option(
      names = "--model-dir",
      required = true,
      description = "Directory with model.ubj and model-card.json (what train writes).")
  Path modelDir;

  @Option(
      names = "--data",
      required = true,
      description = "Labelled application file (.csv or .csv.gz) with TARGET.")
  Path data;

  @Option(
      names = "--history",
      description = "Directory with the history tables of these clients (default: none).")
  Path history;

  @Option(
      names = "--report",
      defaultValue = "evaluation.html",
      description = "Where the HTML report goes (default ${DEFAULT-VALUE}).")
  Path report;

  @Override
  public Integer call() throws Exception {
    ScoringModel model;
    try {
      model =
          ScoringModel.load(
              Files.readAllBytes(modelDir.resolve("model.ubj")),
              Files.readString(modelDir.resolve("model-card.json"), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(), "--model-dir " + modelDir + ": cannot read the model: " + e);
    }
    TrainingData rows;
    try {
      rows = TrainingData.load(data, history, 1);
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "--data: " + e.getMessage());
    }
    Evaluation evaluation = Evaluation.of(model, rows);
    if (report.getParent() != null) {
      Files.createDirectories(report.getParent());
    }
    Files.writeString(report, html(evaluation, data), StandardCharsets.UTF_8);
    LOG.info(
        "Evaluated model {} on {} rows of {} ({} malformed); report in {}",
        model.version(),
        rows.rows(),
        data,
        rows.problems().size(),
        report.toAbsolutePath());
    // The one line a person or a script records: deliberate user-facing output.
    System.out.println(evaluation.line() + " malformed=" + rows.problems().size());
    return 0;
  }

  static String html(Evaluation e, Path data) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Evaluation ")
        .append(Escaping.html(e.card().version()))
        .append("</title><style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}")
        .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;")
        .append("padding:3px 8px;text-align:right}th{background:#f4f4f4}")
        .append("tr.flagged td{background:#fde2e2}</style></head><body>\n<h1>Model ")
        .append(Escaping.html(e.card().version()))
        .append(" on ")
        .append(Escaping.html(data.getFileName().toString()))
        .append("</h1>\n<p>Scored with the scorer's feature and model code; approved = probability")
        .append(" below the card's threshold ")
        .append(Fairness.number(e.card().threshold()))
        .append("; protected attributes ")
        .append(Escaping.html(String.valueOf(e.card().protectedAttributes())))
        .append(" (never model inputs).</p>\n<h2>Figures</h2>\n<table>");
    e.figures().entrySet().stream()
        .filter(f -> !f.getKey().startsWith("fair_"))
        .forEach(
            f ->
                h.append("<tr><th>")
                    .append(Escaping.html(f.getKey()))
                    .append("</th><td>")
                    .append(Fairness.number(f.getValue()))
                    .append("</td></tr>"));
    h.append("</table>\n<h2>Calibration</h2>\n<table class=\"calibration\"><tr><th>decile</th>")
        .append("<th>rows</th><th>mean predicted</th><th>observed default rate</th></tr>");
    int b = 1;
    for (Metrics.ReliabilityBin bin : e.reliability()) {
      h.append(
          String.format(
              Locale.ROOT,
              "<tr><td>%d</td><td>%d</td><td>%.4f</td><td>%.4f</td></tr>",
              b++,
              bin.count(),
              bin.meanPredicted(),
              bin.observedRate()));
    }
    h.append("</table>\n<h2>Fairness</h2>\n<p>By sex and by age band; ratio = approval rate over")
        .append(" the most-approved group's; below ")
        .append(Fairness.FOUR_FIFTHS)
        .append(" flagged (four-fifths rule).</p>\n")
        .append(e.fairness().htmlTable())
        .append("\n</body></html>\n");
    return h.toString();
  }
}
