package io.steadfast.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class TransferCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aWellFormedTransferIsRead() throws Exception {
        TransferCommand command = TransferCommand.from(JSON.readTree("{\"transferId\":"
                + "\"0b0cf3e0-7a38-4e54-bb1b-8c0e3c7fd1a1\",\"from\":\"a\",\"to\":\"b\",\"amount\":250,\"currency\":\"EUR\"}"));
        assertThat(command.amount()).isEqualTo(250);
        assertThat(command.transferId()).hasToString("0b0cf3e0-7a38-4e54-bb1b-8c0e3c7fd1a1");
    }

    @Test
    void wrongTypesAreNeverCoercedAndEveryProblemIsNamed() throws Exception {
        assertThatThrownBy(() -> TransferCommand.from(JSON.readTree("{\"transferId\":\"nope\",\"from\":1,"
                + "\"amount\":12.5,\"currency\":\"eur\"}")))
                .isInstanceOf(TransferCommand.Invalid.class)
                .hasMessageContaining("transferId must be a UUID")
                .hasMessageContaining("from must be a non-empty string")
                .hasMessageContaining("to is missing")
                .hasMessageContaining("amount must be an integer")
                .hasMessageContaining("currency must be three capital letters");
        assertThatThrownBy(() -> TransferCommand.from(JSON.readTree("{\"transferId\":"
                + "\"0b0cf3e0-7a38-4e54-bb1b-8c0e3c7fd1a1\",\"from\":\"a\",\"to\":\"b\",\"amount\":\"5\",\"currency\":\"EUR\"}")))
                .hasMessageContaining("amount must be an integer");
        assertThatThrownBy(() -> TransferCommand.from(JSON.readTree("[1,2]")))
                .hasMessageContaining("must be a JSON object");
    }
}
