package io.steadfast.testing;

public class ProxyControl implements ProxyControlMBean {

    private final TcpProxy proxy;

    public ProxyControl(TcpProxy proxy) {
        this.proxy = proxy;
    }

    @Override
    public void cut() {
        proxy.cut();
    }

    @Override
    public void refuse() {
        proxy.refuse();
    }

    @Override
    public void restore() {
        proxy.restore();
    }
}
