package kg.exam.command.exam;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;
import org.xml.sax.SAXException;

/**
 * The IMS QTI 2.1 XML Schema, read from the unchanged copies under {@code
 * src/test/resources/qti/xsd} (see its LICENCE.md): every {@code http://host/path} schema location
 * is resolved to the file {@code host/path} there, so validation never reaches the network.
 */
final class QtiSchemas {
  private static final Path ROOT = Path.of("src/test/resources/qti/xsd");
  private static Schema qti21;

  private QtiSchemas() {}

  /** Fails with the schema's message, file and line when the document is not valid QTI 2.1. */
  static void requireValid21(String file, byte[] xml) {
    try {
      schema21().newValidator().validate(new StreamSource(new ByteArrayInputStream(xml)));
    } catch (org.xml.sax.SAXParseException e) {
      throw new AssertionError(
          file + ":" + e.getLineNumber() + ": not valid QTI 2.1: " + e.getMessage(), e);
    } catch (SAXException | IOException e) {
      throw new AssertionError(file + ": not valid QTI 2.1: " + e.getMessage(), e);
    }
  }

  private static synchronized Schema schema21() throws SAXException, IOException {
    if (qti21 == null) {
      SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
      factory.setResourceResolver(new LocalCopies());
      Path main = ROOT.resolve("www.imsglobal.org/xsd/imsqti_v2p1.xsd");
      StreamSource source = new StreamSource(Files.newInputStream(main));
      source.setSystemId("http://www.imsglobal.org/xsd/imsqti_v2p1.xsd");
      qti21 = factory.newSchema(source);
    }
    return qti21;
  }

  /** Maps {@code http://host/path} to the copy at {@code ROOT/host/path}. */
  private static final class LocalCopies implements LSResourceResolver {
    @Override
    public LSInput resolveResource(
        String type, String namespace, String publicId, String systemId, String baseUri) {
      if (systemId == null) {
        return null;
      }
      URI uri = baseUri == null ? URI.create(systemId) : URI.create(baseUri).resolve(systemId);
      Path local = ROOT.resolve(uri.getHost() + uri.getPath());
      if (!Files.isRegularFile(local)) {
        throw new IllegalStateException("no local copy of schema " + uri + " (" + local + ")");
      }
      try {
        return new Input(publicId, uri.toString(), Files.readAllBytes(local));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  private record Input(String publicId, String systemId, byte[] bytes) implements LSInput {
    @Override
    public java.io.Reader getCharacterStream() {
      return null;
    }

    @Override
    public void setCharacterStream(java.io.Reader r) {}

    @Override
    public InputStream getByteStream() {
      return new ByteArrayInputStream(bytes);
    }

    @Override
    public void setByteStream(InputStream s) {}

    @Override
    public String getStringData() {
      return null;
    }

    @Override
    public void setStringData(String s) {}

    @Override
    public String getSystemId() {
      return systemId;
    }

    @Override
    public void setSystemId(String s) {}

    @Override
    public String getPublicId() {
      return publicId;
    }

    @Override
    public void setPublicId(String s) {}

    @Override
    public String getBaseURI() {
      return systemId;
    }

    @Override
    public void setBaseURI(String s) {}

    @Override
    public String getEncoding() {
      return null;
    }

    @Override
    public void setEncoding(String s) {}

    @Override
    public boolean getCertifiedText() {
      return false;
    }

    @Override
    public void setCertifiedText(boolean b) {}
  }
}
