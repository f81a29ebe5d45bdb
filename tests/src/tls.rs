//! TLS for test servers: a self-signed certificate for 127.0.0.1, and a listener that
//! `axum::serve` drives like a TCP one but that speaks TLS with that certificate.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::crypto::ring;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::server::TlsStream;

/// A self-signed certificate for `127.0.0.1` and `localhost`, and what serves it.
#[derive(Clone)]
pub struct SelfSigned {
    /// The certificate in PEM: the root a client must trust.
    pub pem: String,
    acceptor: TlsAcceptor,
}

impl SelfSigned {
    /// A new key pair and certificate.
    pub fn new() -> Self {
        let names = vec!["127.0.0.1".to_string(), "localhost".to_string()];
        let cert = rcgen::generate_simple_self_signed(names).expect("a certificate");
        let key = PrivatePkcs8KeyDer::from(cert.signing_key.serialize_der());
        let chain = vec![CertificateDer::from(cert.cert.der().to_vec())];
        let config = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(chain, PrivateKeyDer::Pkcs8(key))
            .expect("a server config");
        Self {
            pem: cert.cert.pem(),
            acceptor: TlsAcceptor::from(Arc::new(config)),
        }
    }

    /// A listener on `tcp` that completes a TLS handshake before handing a connection on.
    pub fn listener(&self, tcp: TcpListener) -> TlsListener {
        TlsListener {
            tcp,
            acceptor: self.acceptor.clone(),
        }
    }
}

impl Default for SelfSigned {
    fn default() -> Self {
        Self::new()
    }
}

/// TLS over a TCP listener, for `axum::serve`.
pub struct TlsListener {
    tcp: TcpListener,
    acceptor: TlsAcceptor,
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((stream, addr)) = self.tcp.accept().await else {
                continue;
            };
            // A client that refuses the certificate ends its handshake; serve the next.
            if let Ok(tls) = self.acceptor.accept(stream).await {
                return (tls, addr);
            }
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}
