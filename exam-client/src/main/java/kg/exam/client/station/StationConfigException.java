package kg.exam.client.station;

/**
 * A configuration the station cannot run with. The message is one line that names the file and,
 * when it is about one key, the line it is on ({@code station.properties:4: station.port=x is not a
 * port number}).
 */
public final class StationConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public StationConfigException(String message) {
    super(message);
  }
}
