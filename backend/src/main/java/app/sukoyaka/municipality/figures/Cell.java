package app.sukoyaka.municipality.figures;

import java.math.BigDecimal;
import java.util.List;

/**
 * One cell of a figure: the values of its dimensions (in the definition's order) and its measures
 * (in the definition's order).
 */
public record Cell(List<String> dims, List<BigDecimal> measures) {
  public Cell {
    dims = List.copyOf(dims);
    measures = List.copyOf(measures);
  }

  public static Cell of(List<String> dims, long... measures) {
    return new Cell(dims, java.util.Arrays.stream(measures).mapToObj(BigDecimal::valueOf).toList());
  }

  public BigDecimal measure(int index) {
    return measures.get(index);
  }

  public String dim(int index) {
    return dims.get(index);
  }
}
