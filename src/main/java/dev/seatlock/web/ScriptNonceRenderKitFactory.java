package dev.seatlock.web;

import dev.seatlock.infrastructure.http.ContentSecurityPolicy;
import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.context.ResponseWriter;
import jakarta.faces.context.ResponseWriterWrapper;
import jakarta.faces.render.RenderKit;
import jakarta.faces.render.RenderKitFactory;
import jakarta.faces.render.RenderKitWrapper;
import java.io.IOException;
import java.io.Writer;
import java.util.Iterator;
import java.util.regex.Pattern;

/**
 * Gives every {@code <script>} element that Faces writes the request's Content-Security-Policy
 * nonce (see {@link ContentSecurityPolicy}), so that the page runs under a policy without {@code
 * 'unsafe-inline'}: MyFaces 4.1 renders {@code f:websocket} as an inline script and has no nonce
 * setting of its own. Registered in faces-config.xml.
 */
public class ScriptNonceRenderKitFactory extends RenderKitFactory {

    public ScriptNonceRenderKitFactory(RenderKitFactory wrapped) {
        super(wrapped);
    }

    @Override
    public void addRenderKit(String renderKitId, RenderKit renderKit) {
        getWrapped().addRenderKit(renderKitId, renderKit);
    }

    @Override
    public Iterator<String> getRenderKitIds() {
        return getWrapped().getRenderKitIds();
    }

    @Override
    public RenderKit getRenderKit(FacesContext context, String renderKitId) {
        RenderKit kit = getWrapped().getRenderKit(context, renderKitId);
        return kit == null ? null : new NonceRenderKit(kit);
    }

    private static final class NonceRenderKit extends RenderKitWrapper {

        NonceRenderKit(RenderKit wrapped) {
            super(wrapped);
        }

        @Override
        public ResponseWriter createResponseWriter(
                Writer writer, String contentTypeList, String characterEncoding) {
            return new NonceWriter(
                    getWrapped().createResponseWriter(writer, contentTypeList, characterEncoding));
        }
    }

    private static final class NonceWriter extends ResponseWriterWrapper {

        /** A script start tag without a nonce attribute. */
        private static final Pattern SCRIPT_WITHOUT_NONCE =
                Pattern.compile("<script(?![^>]*\\snonce=)(?=[\\s>])");

        NonceWriter(ResponseWriter wrapped) {
            super(wrapped);
        }

        @Override
        public void startElement(String name, UIComponent component) throws IOException {
            super.startElement(name, component);
            String nonce = nonce();
            if ("script".equalsIgnoreCase(name) && nonce != null) {
                super.writeAttribute("nonce", nonce, null);
            }
        }

        /**
         * Markup written as it is: the page's own template text, and what renderers buffered with a
         * writer of their own (MyFaces renders f:websocket's script into one and writes it out at
         * the end of the body). Text from EL values never comes here: it goes through {@code
         * writeText}, escaped.
         */
        @Override
        public void write(String markup) throws IOException {
            String nonce = nonce();
            super.write(
                    nonce != null && markup.contains("<script")
                            ? SCRIPT_WITHOUT_NONCE
                                    .matcher(markup)
                                    .replaceAll("<script nonce=\"" + nonce + "\"")
                            : markup);
        }

        private static String nonce() {
            return (String)
                    FacesContext.getCurrentInstance()
                            .getExternalContext()
                            .getRequestMap()
                            .get(ContentSecurityPolicy.NONCE_ATTRIBUTE);
        }

        @Override
        public ResponseWriter cloneWithWriter(Writer writer) {
            return new NonceWriter(getWrapped().cloneWithWriter(writer));
        }
    }
}
