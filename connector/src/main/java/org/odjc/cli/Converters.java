package org.odjc.cli;

import org.odjc.domain.ComputerName;
import org.odjc.domain.DomainDnsName;
import org.odjc.domain.Guid;
import org.odjc.domain.IpAddress;
import org.odjc.domain.NetbiosDomainName;
import org.odjc.domain.Sid;
import org.odjc.domain.SiteName;
import org.odjc.failure.ConnectorException;
import org.odjc.failure.FailureCode;
import picocli.CommandLine.ITypeConverter;

/** picocli converters: each throws the value's coded {@link ConnectorException}, reported as a usage error. */
final class Converters {
    private Converters() {
    }

    static final class SidConverter implements ITypeConverter<Sid> {
        @Override
        public Sid convert(String value) throws ConnectorException {
            return Sid.parse(value);
        }
    }

    static final class GuidConverter implements ITypeConverter<Guid> {
        @Override
        public Guid convert(String value) throws ConnectorException {
            return Guid.parse(value);
        }
    }

    static final class DnsNameConverter implements ITypeConverter<DomainDnsName> {
        @Override
        public DomainDnsName convert(String value) throws ConnectorException {
            return DomainDnsName.parse(value);
        }
    }

    static final class NetbiosDomainConverter implements ITypeConverter<NetbiosDomainName> {
        @Override
        public NetbiosDomainName convert(String value) throws ConnectorException {
            return NetbiosDomainName.parse(value);
        }
    }

    static final class ComputerNameConverter implements ITypeConverter<ComputerName> {
        @Override
        public ComputerName convert(String value) throws ConnectorException {
            return ComputerName.parse(value);
        }
    }

    static final class SiteConverter implements ITypeConverter<SiteName> {
        @Override
        public SiteName convert(String value) throws ConnectorException {
            return SiteName.parse(value);
        }
    }

    static final class AddressConverter implements ITypeConverter<IpAddress> {
        @Override
        public IpAddress convert(String value) throws ConnectorException {
            return IpAddress.parse(value);
        }
    }

    /** An unsigned 32-bit number, decimal or {@code 0x} hexadecimal. */
    static final class Ulong32Converter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) throws ConnectorException {
            try {
                long v = value.startsWith("0x") || value.startsWith("0X")
                        ? Long.parseLong(value.substring(2), 16) : Long.parseLong(value);
                if (v < 0 || v > 0xFFFF_FFFFL) {
                    throw new NumberFormatException();
                }
                return v;
            } catch (NumberFormatException e) {
                throw new ConnectorException(FailureCode.INPUT_BAD_NUMBER,
                        "'" + value + "' is not an unsigned 32-bit number");
            }
        }
    }
}
